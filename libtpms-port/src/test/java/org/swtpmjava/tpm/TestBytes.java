package org.swtpmjava.tpm;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/** Hex and TPM command helpers for tests. */
public final class TestBytes {
    private static final HexFormat HEX = HexFormat.of();

    private TestBytes() {
    }

    /** Bytes from hex with optional spaces. */
    public static byte[] hex(String hex) {
        return HEX.parseHex(hex.replace(" ", ""));
    }

    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** A command with a correct size field: tag, size, code, then the body. */
    public static byte[] command(int tag, int code, String bodyHex) {
        byte[] body = hex(bodyHex);
        return ByteBuffer.allocate(10 + body.length).putShort((short) tag).putInt(10 + body.length)
                .putInt(code).put(body).array();
    }

    public static byte[] command(int tag, int code) {
        return command(tag, code, "");
    }

    /** The response code of a response. */
    public static int responseCode(byte[] response) {
        return ByteBuffer.wrap(response, 6, 4).getInt();
    }
}
