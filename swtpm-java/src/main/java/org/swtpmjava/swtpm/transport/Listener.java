package org.swtpmjava.swtpm.transport;

import java.io.Closeable;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;

/** A listening socket of either kind; accepted connections are plain {@link Socket}s. */
public interface Listener extends Closeable {

    Socket accept() throws IOException;

    boolean isClosed();

    /** A TCP listener. */
    static Listener of(ServerSocket server) {
        return new Listener() {
            @Override
            public Socket accept() throws IOException {
                return server.accept();
            }

            @Override
            public boolean isClosed() {
                return server.isClosed();
            }

            @Override
            public void close() throws IOException {
                server.close();
            }
        };
    }
}
