package org.swtpmjava.swtpm;

import java.io.FileDescriptor;
import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.swtpmjava.swtpm.log.SwtpmLog;
import org.swtpmjava.swtpm.transport.DataConnection;
import org.swtpmjava.swtpm.transport.DataHandler;
import org.swtpmjava.swtpm.transport.Listener;
import org.swtpmjava.swtpm.transport.Sockets;

/**
 * The data connection(s) of one vTPM (swtpm-protocol.md §3.1): a listening server that
 * serves one client at a time, an inherited connected fd, or the fd QEMU passes with
 * CMD_SET_DATAFD. Only one of these can occupy the data slot.
 */
final class DataChannels {

    private final DataHandler handler;
    private final SwtpmLog log;
    private final boolean terminate;
    private final Runnable exit;
    private final BooleanSupplier ending;
    private final AtomicBoolean slotTaken = new AtomicBoolean();
    private final OpenSockets openSockets;

    DataChannels(DataHandler handler, SwtpmLog log, boolean terminate, Runnable exit, BooleanSupplier ending,
                 OpenSockets openSockets) {
        this.ending = ending;
        this.openSockets = openSockets;
        this.handler = handler;
        this.log = log;
        this.terminate = terminate;
        this.exit = exit;
    }

    /** A listening data socket: accept, serve until the client leaves, accept the next. */
    void serveListener(Listener listener, boolean disconnect) {
        slotTaken.set(true);
        Thread t = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket client = openSockets.add(listener.accept());
                    new DataConnection(client, handler, log, disconnect).serve();
                    openSockets.remove(client);
                } catch (IOException e) {
                    if (listener.isClosed()) {
                        return;
                    }
                    continue;
                }
                if (terminate) {
                    exit.run();
                    return;
                }
            }
        }, "data-listener");
        t.setDaemon(true);
        t.start();
    }

    /** {@code --fd} / tcp {@code fd=}: the one data connection; the process ends with it. */
    void serveConnected(Socket socket) {
        slotTaken.set(true);
        startConnection(socket, true);
    }

    /** CMD_SET_DATAFD; false (TPM_IOERROR) while another data connection holds the slot. */
    boolean offerDataFd(FileDescriptor fd) {
        if (!slotTaken.compareAndSet(false, true)) {
            return false;
        }
        try {
            startConnection(Sockets.receivedFd(fd), terminate);
            return true;
        } catch (IOException e) {
            slotTaken.set(false);
            return false;
        }
    }

    private void startConnection(Socket socket, boolean exitWhenGone) {
        openSockets.add(socket);
        Thread t = new Thread(() -> {
            DataConnection.End end = new DataConnection(socket, handler, log, false).serve();
            openSockets.remove(socket);
            // swtpm logs a hang-up of a passed data fd (POLLHUP/POLLERR): a unix peer's close,
            // or a reset; a TCP peer's orderly close raises no POLLHUP and is not logged.
            boolean hungUp = end == DataConnection.End.PEER_RESET
                    || end == DataConnection.End.PEER_CLOSED && Sockets.isUnix(socket);
            if (hungUp && !ending.getAsBoolean()) {
                log.error("Data client disconnected");
            }
            // A passed fd that hangs up is forgotten, so a new SET_DATAFD is accepted (§2.4.14).
            slotTaken.set(false);
            if (exitWhenGone) {
                exit.run();
            }
        }, "data-connection");
        t.setDaemon(true);
        t.start();
    }
}
