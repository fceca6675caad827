package org.swtpmjava.tpm.tpm2.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

class KdfRandomTest {
    private static final byte[] SEED = "derivation parent secret".getBytes();
    private static final byte[] LABEL = {0x6c, 0x61, 0x62};
    private static final byte[] CONTEXT = {0x01, 0x02};

    /** Requests of any size read one KDFa stream of L = 8192 bits, tails of blocks carried over. */
    @Test
    void requestsReadOneKdfaStream() {
        KdfRandom random = new KdfRandom(TpmAlgId.SHA256, SEED, LABEL, CONTEXT);
        ByteArrayOutputStream drawn = new ByteArrayOutputStream();
        for (int size : new int[] {40, 32, 5, 64, 1, 31}) {
            drawn.writeBytes(random.generate(size));
        }
        byte[] stream = Kdfa.derive(TpmAlgId.SHA256, SEED, LABEL, CONTEXT, new byte[0], KdfRandom.MAX_DERIVATION_BITS);
        assertThat(drawn.toByteArray()).isEqualTo(Arrays.copyOf(stream, drawn.size()));
    }

    /** The limit counts generated blocks: 1024 bytes at once pass, one byte more does not. */
    @Test
    void refusesRequestsBeyondTheDerivationLimit() {
        KdfRandom random = new KdfRandom(TpmAlgId.SHA256, SEED, LABEL, CONTEXT);
        assertThat(random.generate(1024)).hasSize(1024);
        assertThatThrownBy(() -> random.generate(1)).isInstanceOf(TpmRcException.class)
                .extracting(e -> ((TpmRcException) e).responseCode()).isEqualTo(TpmRc.NO_RESULT);
        KdfRandom fresh = new KdfRandom(TpmAlgId.SHA256, SEED, LABEL, CONTEXT);
        assertThatThrownBy(() -> fresh.generate(1025)).isInstanceOf(TpmRcException.class);
    }
}
