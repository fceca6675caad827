package org.swtpmjava.tpm.differential;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;

/**
 * Just enough of swtpm's TCP interface for a TSS with the swtpm TCTI in front of the engine:
 * a data port carrying raw TPM commands and responses, and a control port that accepts
 * CMD_SET_LOCALITY (the only control command tpm2-tools sends) and answers every other command
 * with TPM_SUCCESS after reading its 4-byte code. One connection at a time on each port.
 */
final class EngineTcpServer implements AutoCloseable {
    private static final int CMD_SET_LOCALITY = 0x05;

    private final JavaTpm tpm;
    private final ServerSocket data;
    private final ServerSocket ctrl;
    private final Thread dataThread;
    private final Thread ctrlThread;

    /** Listens on a free port P (data) and P + 1 (control), the swtpm TCTI's default pairing. */
    EngineTcpServer(JavaTpm tpm) throws IOException {
        this.tpm = tpm;
        ServerSocket[] pair = bindPair();
        this.data = pair[0];
        this.ctrl = pair[1];
        dataThread = new Thread(() -> serve(data, this::dataConnection), "engine-data");
        ctrlThread = new Thread(() -> serve(ctrl, this::ctrlConnection), "engine-ctrl");
        dataThread.setDaemon(true);
        ctrlThread.setDaemon(true);
        dataThread.start();
        ctrlThread.start();
    }

    private static ServerSocket[] bindPair() throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            ServerSocket first = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
            try {
                ServerSocket second = new ServerSocket(first.getLocalPort() + 1, 4, InetAddress.getLoopbackAddress());
                return new ServerSocket[] {first, second};
            } catch (IOException e) {
                first.close();
                last = e;
            }
        }
        throw last;
    }

    int dataPort() {
        return data.getLocalPort();
    }

    int ctrlPort() {
        return ctrl.getLocalPort();
    }

    private interface Handler {
        void handle(DataInputStream in, OutputStream out) throws IOException;
    }

    private static void serve(ServerSocket server, Handler handler) {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                DataInputStream in = new DataInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                while (true) {
                    handler.handle(in, out);
                }
            } catch (EOFException e) {
                // the client closed the connection
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void dataConnection(DataInputStream in, OutputStream out) throws IOException {
        byte[] header = new byte[6];
        in.readFully(header);
        int size = ByteBuffer.wrap(header, 2, 4).getInt();
        byte[] command = new byte[Math.max(size, 6)];
        System.arraycopy(header, 0, command, 0, 6);
        in.readFully(command, 6, command.length - 6);
        byte[] response;
        synchronized (tpm) {
            response = tpm.command(command);
        }
        out.write(response);
        out.flush();
    }

    private void ctrlConnection(DataInputStream in, OutputStream out) throws IOException {
        int code = in.readInt();
        if (code == CMD_SET_LOCALITY) {
            int locality = in.readUnsignedByte();
            synchronized (tpm) {
                tpm.setLocality(locality);
            }
        }
        out.write(new byte[4]);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        data.close();
        ctrl.close();
    }
}
