package org.swtpmjava.tpm.differential;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Byte ranges of responses that legitimately differ between the C swtpm and the engine and are
 * therefore overwritten with 0xEE before comparison; the structure around them is still compared.
 */
final class Masks {
    private Masks() {
    }

    /** GetRandom: the random bytes after the TPM2B size (response offset 12 on). */
    static UnaryOperator<byte[]> randomBytes() {
        return response -> fill(response, 12, response.length);
    }

    /**
     * GetTestResult in failure mode: outData's first two words are the C function name and
     * source line of the fault inside libtpms; the failure code and testResult are compared.
     */
    static UnaryOperator<byte[]> failureLocation() {
        return response -> response.length == 28 ? fill(response, 12, 20) : response;
    }

    /**
     * TPM2_Hash without sessions: the HMAC of a TPMT_TK_HASHCHECK ticket (its last 64 bytes),
     * keyed with a hierarchy proof that is random at manufacture (compared in
     * FixedEntropyDifferentialTest instead).
     */
    static UnaryOperator<byte[]> hashTicket() {
        return response -> {
            int at = response.length - 66;
            boolean ticket = at > 10 && response[at] == 0 && response[at + 1] == 0x40;
            return ticket ? fill(response, at + 2, response.length) : response;
        };
    }

    /**
     * The same ticket HMAC in a response with one password session (5 bytes of
     * TPMS_AUTH_RESPONSE after the ticket), as TPM2_SequenceComplete answers.
     */
    static UnaryOperator<byte[]> hashTicketBeforePasswordSession() {
        return response -> {
            int at = response.length - 5 - 66;
            boolean ticket = at > 10 && response[at] == 0 && response[at + 1] == 0x40;
            return ticket ? fill(response, at + 2, response.length - 5) : response;
        };
    }

    /**
     * TPM2_ReadClock (no sessions): time (bytes 10-17) and the low 3 bytes of clock (23-25) run
     * with the host's clock; the high bytes of clock, the counters and safe are compared.
     */
    static UnaryOperator<byte[]> clockTicks() {
        return response -> response.length == 35 ? fill(fill(response, 10, 18), 23, 26) : response;
    }

    private static byte[] fill(byte[] response, int from, int to) {
        if (from < to && to <= response.length) {
            Arrays.fill(response, from, to, (byte) 0xEE);
        }
        return response;
    }
}
