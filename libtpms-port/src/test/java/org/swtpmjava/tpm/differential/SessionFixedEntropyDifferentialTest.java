package org.swtpmjava.tpm.differential;


import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.FixedEntropy;

/**
 * The session scenarios with the same entropy on both sides (see {@link FixedEntropyDifferentialTest}):
 * nonceTPM values then match, so every response - nonces, response HMACs, encrypted parameters -
 * must be identical byte for byte. This also checks that the DRBG is drawn in libtpms' order
 * (StartAuthSession, then one new nonceTPM per session and command).
 */
class SessionFixedEntropyDifferentialTest {
    private static Path preload;

    @BeforeAll
    static void buildPreloadLibrary() throws IOException, InterruptedException {
        preload = RandBytesPreload.shared();
    }

    @Test
    void hmacAuthorizationByteForByte() {
        DifferentialRunner.compare(t -> SwtpmSessionDifferentialTest.hmacAuthorizationScenario(t,
                new SessionClient(true)), FixedEntropy::new, preload);
    }

    @Test
    void otherCiphersAndSequencesByteForByte() {
        DifferentialRunner.compare(t -> SwtpmSessionDifferentialTest.otherCiphersSequencesAndMalformedAreasScenario(t,
                new SessionClient(true)), FixedEntropy::new, preload);
    }

    @Test
    void policyAuthorizationByteForByte() {
        DifferentialRunner.compare(t -> SwtpmPolicyDifferentialTest.policyAuthorizationScenario(t,
                new SessionClient(true)), FixedEntropy::new, preload);
    }

    @Test
    void boundSessionsByteForByte() {
        DifferentialRunner.compare(t -> SwtpmSessionDifferentialTest.boundSessionsScenario(t, new SessionClient(true)),
                FixedEntropy::new, preload);
    }
}
