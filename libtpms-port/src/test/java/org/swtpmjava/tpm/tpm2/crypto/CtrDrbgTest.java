package org.swtpmjava.tpm.tpm2.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.tpm.TestBytes.hex;

import org.junit.jupiter.api.Test;

/** The CTR_DRBG against the NIST CAVP vector the reference uses for its DRBG self test. */
class CtrDrbgTest {
    private static final String ENTROPY = "0d15aa80b16c3a10906cfedb795dae0b5b81041c5c5bfacb373d4440d9120f7e"
            + "3d6cf90986cf52d85d3e947d8c061f91";
    private static final String RESEED_ENTROPY = "6ee793a33955d72ad12fd80a8a3fcf95ed3b4dac5795fe25cf869f7c27573bbc"
            + "56f1acae13a65042b340093c464a7a22";

    @Test
    void nistAes256NoDfVector() {
        CtrDrbg drbg = CtrDrbg.uninstantiated();
        drbg.instantiate(hex(ENTROPY), null);
        assertThat(hex(drbg.generate(16))).isEqualTo("28e0ebb8210166508c8f65f2207bd0a3");
        drbg.reseed(hex(RESEED_ENTROPY), null);
        assertThat(hex(drbg.generate(16))).isEqualTo("946f5182d54510b9461248f571ca06c9");
    }

    @Test
    void stateRoundTripsThroughItsSeed() {
        CtrDrbg drbg = CtrDrbg.uninstantiated();
        drbg.instantiate(hex(ENTROPY), null);
        CtrDrbg restored = CtrDrbg.restore(drbg.seed(), drbg.reseedCounter(), true);
        assertThat(restored.generate(40)).isEqualTo(drbg.generate(40));
        assertThat(restored.reseedCounter()).isEqualTo(2);
    }

    @Test
    void requestsAreCutAtTheMaximumPerRequest() {
        CtrDrbg drbg = CtrDrbg.uninstantiated();
        drbg.instantiate(hex(ENTROPY), null);
        assertThat(drbg.generate(CtrDrbg.MAX_BYTES_PER_REQUEST + 5)).hasSize(CtrDrbg.MAX_BYTES_PER_REQUEST);
    }
}
