package org.swtpmjava.it;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * TPM 2.0 commands as raw bytes over swtpm's TCP server port, for what tpm2-tools 5.4 cannot
 * spell (BN P-256 and TDES templates, derived keys with a TPMS_DERIVE unique field). Commands are
 * written in hex with spaces for readability; sizes are filled in here.
 */
final class RawTpm {

    /** TPM_RS_PW with an empty password, as a sized authorization area. */
    static final String PASSWORD_SESSION = "00000009 40000009 0000 00 0000";

    private final int port;

    RawTpm(int port) {
        this.port = port;
    }

    /** Sends one command and returns the whole response. */
    byte[] send(byte[] command) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            out.write(command);
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] header = new byte[10];
            in.readFully(header);
            int size = ByteBuffer.wrap(header, 2, 4).getInt();
            byte[] response = Arrays.copyOf(header, size);
            in.readFully(response, 10, size - 10);
            return response;
        }
    }

    /** A command from tag, command code and the rest (handles, auth area, parameters), all hex. */
    static byte[] command(String tag, String commandCode, String rest) {
        byte[] body = hex(rest);
        ByteBuffer b = ByteBuffer.allocate(10 + body.length);
        b.put(hex(tag)).putInt(10 + body.length).put(hex(commandCode)).put(body);
        return b.array();
    }

    /** A TPM2B: two size bytes in front of {@code hexBody}. */
    static String sized(String hexBody) {
        return String.format("%04x", hex(hexBody).length) + " " + hexBody;
    }

    /** TPM2_CreatePrimary under {@code hierarchy} with an empty sensitive area and no PCRs. */
    static byte[] createPrimary(String hierarchy, String publicArea) {
        return command("8002", "00000131", hierarchy + " " + PASSWORD_SESSION + " 0004 0000 0000 "
                + sized(publicArea) + " 0000 00000000");
    }

    /** TPM2_CreateLoaded under {@code parent} (a TPM2B_TEMPLATE holding {@code publicArea}). */
    static byte[] createLoaded(int parent, String publicArea) {
        return command("8002", "00000191", String.format("%08x ", parent) + PASSWORD_SESSION + " 0004 0000 0000 "
                + sized(publicArea));
    }

    static byte[] flushContext(int handle) {
        return command("8001", "00000165", String.format("%08x", handle));
    }

    static int responseCode(byte[] response) {
        return ByteBuffer.wrap(response, 6, 4).getInt();
    }

    /** The handle a CreatePrimary / CreateLoaded response returns. */
    static int handle(byte[] response) {
        return ByteBuffer.wrap(response, 10, 4).getInt();
    }

    /** The TPM2B fields of a response's parameter area (after the handle and parameterSize), n of them. */
    static byte[][] sizedParameters(byte[] response, int n) {
        ByteBuffer b = ByteBuffer.wrap(response, 18, response.length - 18);
        byte[][] fields = new byte[n][];
        for (int i = 0; i < n; i++) {
            byte[] f = new byte[b.getShort() & 0xFFFF];
            b.get(f);
            fields[i] = f;
        }
        return fields;
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
