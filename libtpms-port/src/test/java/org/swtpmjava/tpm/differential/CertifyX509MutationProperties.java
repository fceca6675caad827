package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.tpm.differential.CertifyX509DifferentialTest.EXTENSIONS;
import static org.swtpmjava.tpm.differential.CertifyX509DifferentialTest.ISSUER;
import static org.swtpmjava.tpm.differential.CertifyX509DifferentialTest.SUBJECT;
import static org.swtpmjava.tpm.differential.CertifyX509DifferentialTest.VALIDITY;
import static org.swtpmjava.tpm.differential.CertifyX509DifferentialTest.certifyX509;
import static org.swtpmjava.tpm.differential.CertifyX509DifferentialTest.partial;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ENDORSEMENT;
import static org.swtpmjava.tpm.differential.ObjectTemplates.NO_SYMMETRIC;
import static org.swtpmjava.tpm.differential.ObjectTemplates.OWNER;
import static org.swtpmjava.tpm.differential.ObjectTemplates.createPrimary;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ecc;
import static org.swtpmjava.tpm.differential.ObjectTemplates.rsa;

import java.nio.ByteBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.swtpmjava.tpm.EngineFixture;
import org.swtpmjava.tpm.TestBytes;

/**
 * Hostile partial certificates for TPM2_CertifyX509, whose DER the engine parses itself:
 * mutations of a valid command (bytes overwritten, cut, appended, bits flipped, mostly inside the
 * certificate) and random bytes as the certificate get a well-formed response and never put the
 * engine into failure mode.
 */
class CertifyX509MutationProperties {
    private static final int SIGNER = 0x80000000;
    private static final int ECC_KEY = 0x80000001;
    private static final String NULL_SCHEME = "0010";
    private static final byte[] VALID = certifyX509(ECC_KEY, SIGNER, NULL_SCHEME,
            partial(ISSUER, VALIDITY, SUBJECT, EXTENSIONS));

    @Property(tries = 2000)
    void mutatedCertificatesGetAnAnswer(@ForAll("mutated") byte[] command) {
        assertAnsweredWithoutFailure(command);
    }

    @Property(tries = 500)
    void randomCertificatesGetAnAnswer(@ForAll("randomCertificates") byte[] command) {
        assertAnsweredWithoutFailure(command);
    }

    /** The unmutated command succeeds, so the mutations start from a certificate the engine accepts. */
    @Example
    void theValidCommandSucceeds() {
        assertThat(TestBytes.responseCode(started().engine.process(VALID, 0))).isZero();
    }

    /**
     * One TPM for all tries (an RSA primary per try would dominate the run): CertifyX509 changes
     * no state, and a try that put the TPM into failure mode fails at once.
     */
    private static EngineFixture shared;

    private static synchronized EngineFixture tpm() {
        if (shared == null) {
            shared = started();
        }
        return shared;
    }

    private static void assertAnsweredWithoutFailure(byte[] command) {
        EngineFixture tpm = tpm();
        byte[] response = tpm.engine.process(command, 0);
        assertThat(response.length).isGreaterThanOrEqualTo(10);
        assertThat(ByteBuffer.wrap(response).getInt(2)).isEqualTo(response.length);
        byte[] testResult = tpm.engine.process(TestBytes.hex("8001 0000000a 0000017c"), 0);
        assertThat(testResult.length).as("failure mode answers GetTestResult with 28 bytes").isNotEqualTo(28);
    }

    /** An RSASSA signer (owner) and a restricted ECC key (endorsement), as in the differential test. */
    private static EngineFixture started() {
        EngineFixture tpm = EngineFixture.started();
        assertThat(TestBytes.responseCode(tpm.engine.process(createPrimary(OWNER,
                rsa(0xB, 0x00040472, "", NO_SYMMETRIC, "0014 000b", 2048, 0, "")), 0))).isZero();
        assertThat(TestBytes.responseCode(tpm.engine.process(createPrimary(ENDORSEMENT,
                ecc(0xB, 0x00050472, "", NO_SYMMETRIC, "0018 000b", 0x3, "", "")), 0))).isZero();
        return tpm;
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        // The certificate starts after the handles, the sessions and the empty reserved data.
        int certificateStart = 60;
        return Combinators.combine(Arbitraries.integers().between(certificateStart - 20, VALID.length),
                Arbitraries.bytes(), Arbitraries.integers().between(0, 3), Arbitraries.of(true, false))
                .as((at, value, kind, fixSize) -> ObjectManagementMutationProperties.mutate(VALID, at, value, kind,
                        fixSize));
    }

    @Provide
    Arbitrary<byte[]> randomCertificates() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(300)
                .map(der -> certifyX509(ECC_KEY, SIGNER, NULL_SCHEME, TestBytes.hex(der)));
    }
}
