package org.swtpmjava.swtpm;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;

import org.swtpmjava.swtpm.cli.OptionException;
import org.swtpmjava.swtpm.cli.SocketConfig.Channel;
import org.swtpmjava.swtpm.cli.SocketConfig.Transport;
import org.swtpmjava.swtpm.cli.SocketConfig;
import org.swtpmjava.swtpm.transport.Listener;
import org.swtpmjava.swtpm.transport.Sockets;

/** The sockets the command line asks for, opened in swtpm's order: control first, then data. */
record ChannelSockets(Listener ctrlListener, Socket ctrlClient, Listener dataListener, Socket dataClient) {

    /** Lets {@code open} close them at exit. */
    void registerIn(OpenSockets open) {
        for (java.io.Closeable c : new java.io.Closeable[] {ctrlListener, ctrlClient, dataListener, dataClient}) {
            if (c != null) {
                open.add(c);
            }
        }
    }

    /** Opens them; unix socket paths created are added to {@code created} for removal at exit. */
    static ChannelSockets open(SocketConfig config, List<Path> created) throws OptionException {
        Listener ctrlListener = null;
        Socket ctrlClient = null;
        Channel ctrl = config.ctrl();
        if (ctrl != null) {
            if (ctrl.clientFd() != null) {
                ctrlClient = connected(ctrl.clientFd(), "UnixIO client control channel");
            } else {
                ctrlListener = listener(ctrl, created, ctrl.type() == Transport.TCP ? "TCP control channel"
                        : "UnixIO control channel");
            }
        }
        Listener dataListener = null;
        Socket dataClient = null;
        Channel server = config.server();
        if (server != null) {
            if (server.clientFd() != null) {
                dataClient = connected(server.clientFd(), "TCP socket");
            } else {
                // swtpm 0.7.1 names a bad listening data fd a "UnixIO control channel" too.
                dataListener = listener(server, created, "UnixIO control channel");
            }
        }
        return new ChannelSockets(ctrlListener, ctrlClient, dataListener, dataClient);
    }

    private static Socket connected(int fd, String what) throws OptionException {
        requireSocket(fd, what);
        try {
            return Sockets.connectedFd(fd);
        } catch (IOException e) {
            throw new OptionException("Bad filedescriptor " + fd + " for " + what);
        }
    }

    /** swtpm checks an inherited channel fd with fstat: it must be open and a socket. */
    private static void requireSocket(int fd, String what) throws OptionException {
        if (!Sockets.isOpenSocket(fd)) {
            throw new OptionException("Bad filedescriptor " + fd + " for " + what);
        }
    }

    private static Listener listener(Channel c, List<Path> created, String what) throws OptionException {
        try {
            if (c.listenFd() != null) {
                requireSocket(c.listenFd(), what);
                try {
                    return c.type() == Transport.TCP ? Sockets.listeningTcpFd(c.listenFd())
                            : Sockets.listeningUnixFd(c.listenFd());
                } catch (IOException e) {
                    throw new OptionException("Bad filedescriptor " + c.listenFd() + " for " + what);
                }
            }
            if (c.type() == Transport.UNIXIO) {
                Listener s = Sockets.bindUnix(c.path(), c.mode(), c.uid(), c.gid());
                created.add(Path.of(c.path()));
                return s;
            }
            return Sockets.bindTcp(c.bindAddress(), c.port());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new OptionException("Could not open UnixIO socket: No such file or directory");
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new OptionException(c.type() == Transport.UNIXIO
                    ? "Could not open UnixIO socket: " + reason
                    : "Could not open TCP socket: " + reason);
        }
    }
}
