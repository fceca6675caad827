package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.TestBytes;

/**
 * TPM_CAP_COMMANDS: every command the engine lists (its command table, which includes the session
 * and policy commands) has the TPMA_CC the C swtpm reports for it - nv, extensive, flushed,
 * cHandles and rHandle.
 */
class SwtpmCommandAttributesDifferentialTest {
    @Test
    void engineCommandsHaveTheReferenceAttributes() {
        Map<Integer, Integer> reference;
        try (SwtpmProcess swtpm = SwtpmProcess.start(null)) {
            reference = commands(swtpm);
        }
        Map<Integer, Integer> engine;
        SecureRandom random = new SecureRandom();
        try (JavaTpm tpm = new JavaTpm(random::nextBytes)) {
            engine = commands(tpm);
        }
        assertThat(engine).hasSizeGreaterThanOrEqualTo(38);
        engine.forEach((code, tpmaCc) -> assertThat(String.format("%08x", tpmaCc)).as("TPMA_CC of 0x%x", code)
                .isEqualTo(String.format("%08x", reference.get(code))));
    }

    /** All pages of TPM_CAP_COMMANDS, by command code. */
    private static Map<Integer, Integer> commands(TpmUnderTest tpm) {
        tpm.command(TestBytes.command(0x8001, 0x144, "0000"));
        Map<Integer, Integer> commands = new LinkedHashMap<>();
        long next = 0;
        boolean more = true;
        while (more) {
            ByteBuffer response = ByteBuffer.wrap(tpm.command(DifferentialCommands.getCapability(2, next, 256)));
            assertThat(response.getInt(6)).isZero();
            more = response.get(10) != 0;
            int count = response.getInt(15);
            for (int i = 0; i < count; i++) {
                int tpmaCc = response.getInt(19 + 4 * i);
                commands.put(tpmaCc & 0xFFFF, tpmaCc);
                next = (tpmaCc & 0xFFFF) + 1;
            }
        }
        return commands;
    }
}
