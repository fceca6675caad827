package org.swtpmjava.tpm.tpm2.state.libtpms;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.EngineFixture;
import org.swtpmjava.tpm.StateBlobType;
import org.swtpmjava.tpm.tpm2.state.codec.PermanentStateCodec.PermanentState;
import org.swtpmjava.tpm.tpm2.state.codec.VolatileStateCodec.VolatileState;

/**
 * The volatilestate codec on blobs the engine writes, edited to the other versions of
 * VOLATILE_STATE and to error cases (libtpms.md §4.10). The differential tests cover the C
 * swtpm's blobs; these cover what 0.9.2 does not produce.
 */
class LibtpmsVolatileCodecTest {
    private static final String START_HMAC_SESSION =
            "8001 0000002b 00000176 40000007 40000001 0010 " + "11".repeat(16) + " 0000 00 0010 000b";
    private static final int SHA1 = 20;
    /** The version 3 block (seeds, the nested version 4 and 5 blocks) ends before the magic and the SHA-1. */
    private static final int V3_BLOCK = 3 + 3 * (2 + 64) + 3 + 32 + 3;
    private static final int V3_BLOCK_FROM_END = 4 + SHA1 + V3_BLOCK;

    private byte[] blob;
    private PermanentState permanent;

    @BeforeEach
    void storeAVolatileState() throws LibtpmsFormatException {
        EngineFixture tpm = EngineFixture.started();
        assertThat(tpm.send(START_HMAC_SESSION)).startsWith("80010000002000000000" + "02000000");
        blob = tpm.engine.volatileState();
        permanent = LibtpmsPermanentCodec.read(tpm.storage.load(StateBlobType.PERMANENT).orElseThrow(),
                LibtpmsPermanentCodec.VERSION_0_9);
    }

    @Test
    void writtenAsVersion4AndReadBack() throws LibtpmsFormatException {
        assertThat(blob[1]).isEqualTo((byte) 4);
        VolatileState state = LibtpmsVolatileCodec.read(blob, permanent);
        assertThat(state.flags().started()).isTrue();
        assertThat(state.sessions().loaded()).isEqualTo(1);
        assertThat(state.carried().clock().adjustRate()).isEqualTo(30000);
    }

    @Test
    void version3NeedsTheSeedsButNotTheVersion4Block() {
        byte[] v3 = relabel(blob.clone(), 3);
        assertThat(code(reseal(v3))).isZero();
        byte[] otherTpm = v3.clone();
        otherTpm[otherTpm.length - V3_BLOCK_FROM_END + 3 + 2] ^= 1; // first EPSeed byte
        assertThat(code(reseal(otherTpm))).isEqualTo(LibtpmsRc.VALUE);
    }

    @Test
    void version2SkipsTheSeedBlock() {
        byte[] v2 = relabel(blob.clone(), 2);
        v2[v2.length - V3_BLOCK_FROM_END + 3 + 2] ^= 1;
        assertThat(code(reseal(v2))).isZero();
    }

    @Test
    void version1HasNoMinVersionAndNoTail() throws LibtpmsFormatException {
        byte[] withoutTail = new byte[blob.length - V3_BLOCK - 2];
        System.arraycopy(blob, 0, withoutTail, 0, 6);
        System.arraycopy(blob, 8, withoutTail, 6, blob.length - V3_BLOCK_FROM_END - 8);
        System.arraycopy(blob, blob.length - SHA1 - 4, withoutTail, withoutTail.length - SHA1 - 4, 4);
        withoutTail[1] = 1;
        VolatileState state = LibtpmsVolatileCodec.read(reseal(withoutTail), permanent);
        assertThat(state.sessions().loaded()).isEqualTo(1);
        assertThat(state.carried().clock().hostMonotonic()).isZero();
    }

    @Test
    void newerVersionsAreReadUnlessTheirMinVersionIsNewer() {
        byte[] v5 = relabel(blob.clone(), 5);
        assertThat(code(reseal(v5))).as("version 5, min_version 1").isZero();
        v5[7] = 5;
        assertThat(code(reseal(v5))).isEqualTo(LibtpmsRc.BAD_VERSION);
    }

    @Test
    void extraBytesOfANewerWriterBeforeTheDigestAreSkipped() {
        byte[] longer = new byte[blob.length + 7];
        System.arraycopy(blob, 0, longer, 0, blob.length - SHA1);
        assertThat(code(reseal(longer))).isZero();
    }

    @Test
    void digestSizeAndMagicErrors() {
        byte[] flipped = blob.clone();
        flipped[flipped.length - 1] ^= 1;
        assertThat(code(flipped)).isEqualTo(LibtpmsRc.HASH);
        assertThat(code(Arrays.copyOf(blob, 19))).isEqualTo(LibtpmsRc.INSUFFICIENT);
        byte[] badMagic = blob.clone();
        badMagic[3] ^= 1;
        assertThat(code(reseal(badMagic))).isEqualTo(LibtpmsRc.BAD_TAG);
        assertThat(LibtpmsVolatileCodec.isVolatileState(badMagic)).isFalse();
    }

    private static byte[] relabel(byte[] blob, int version) {
        blob[1] = (byte) version;
        return blob;
    }

    private int code(byte[] candidate) {
        try {
            LibtpmsVolatileCodec.read(candidate, permanent);
            return 0;
        } catch (LibtpmsFormatException e) {
            return e.responseCode();
        }
    }

    private static byte[] reseal(byte[] blob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(Arrays.copyOf(blob, blob.length - SHA1));
            System.arraycopy(digest, 0, blob, blob.length - SHA1, SHA1);
            return blob;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
