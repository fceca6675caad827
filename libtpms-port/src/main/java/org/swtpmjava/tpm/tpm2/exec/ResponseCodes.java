package org.swtpmjava.tpm.tpm2.exec;

import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.types.TpmSt;

/**
 * Response codes as they leave the TPM: the numbering of format-one codes with the handle,
 * parameter or session they concern (Part 2 §6.6.3), and the error response.
 */
public final class ResponseCodes {
    /** Header: tag (2), responseSize (4), responseCode (4). */
    public static final int HEADER_SIZE = 10;

    private static final int FMT1 = 0x080;
    private static final int P = 0x040;
    private static final int S = 0x800;
    private static final int NUMBER_MASK = 0xF00;

    private ResponseCodes() {
    }

    /** The code with parameter number {@code n} (1..15), e.g. TPM_RC_VALUE for parameter 1 = 0x1C4. */
    public static int parameter(int rc, int n) {
        return addNumber(rc, P | (n << 8), n, 15);
    }

    /** The code with handle number {@code n} (1..7). */
    public static int handle(int rc, int n) {
        return addNumber(rc, n << 8, n, 7);
    }

    /** The code with session number {@code n} (1..7). */
    public static int session(int rc, int n) {
        return addNumber(rc, S | (n << 8), n, 7);
    }

    /** True for a format-one code (bit 7 set). */
    public static boolean isFormatOne(int rc) {
        return (rc & FMT1) != 0;
    }

    /**
     * Adds a number only to a format-one code that carries none yet, as the reference's
     * RcSafeAddToResult does; other codes pass unchanged.
     */
    private static int addNumber(int rc, int modifier, int n, int max) {
        if (n < 1 || n > max) {
            throw new IllegalArgumentException("number out of range: " + n);
        }
        if (!isFormatOne(rc) || (rc & (P | S | NUMBER_MASK)) != 0) {
            return rc;
        }
        return rc + modifier;
    }

    /**
     * An error response: always the bare 10-byte header with TPM_ST_NO_SESSIONS, whatever the
     * request's tag was (reference Response.c BuildResponseHeader).
     */
    public static byte[] error(int responseCode) {
        return new TpmWriter(HEADER_SIZE).writeU16(TpmSt.NO_SESSIONS).writeU32(HEADER_SIZE)
                .writeU32(responseCode).toByteArray();
    }
}
