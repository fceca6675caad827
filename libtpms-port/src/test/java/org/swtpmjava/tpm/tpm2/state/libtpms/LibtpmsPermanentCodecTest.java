package org.swtpmjava.tpm.tpm2.state.libtpms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.EngineFixture;
import org.swtpmjava.tpm.StateBlobType;
import org.swtpmjava.tpm.TpmResult;
import org.swtpmjava.tpm.tpm2.state.NvImage;
import org.swtpmjava.tpm.tpm2.state.UnmodeledState;
import org.swtpmjava.tpm.tpm2.state.codec.PermanentStateCodec.PermanentState;

/**
 * The permall codec on blobs the engine writes, edited to the other versions and to the error
 * cases NVMarshal.c defines (libtpms.md §4.2-4.8). The differential tests cover blobs of the C
 * swtpm; these cover what 0.9.2 cannot produce.
 */
class LibtpmsPermanentCodecTest {
    private static final int V3 = LibtpmsPermanentCodec.VERSION_0_9;
    private static final int V4 = LibtpmsPermanentCodec.VERSION_WITH_PROFILE;

    private static byte[] afterShutdownState() {
        EngineFixture tpm = EngineFixture.started();
        tpm.send("8001 0000000c 00000145 0001");
        return tpm.storage.load(StateBlobType.PERMANENT).orElseThrow();
    }

    private static byte[] rewrite(PermanentState state) {
        return LibtpmsPermanentCodec.write(state.persistent(), state.nv());
    }

    private static int offsetOf(byte[] blob, int magic) {
        for (int i = 2; i + 4 <= blob.length; i++) {
            if (ByteBuffer.wrap(blob, i, 4).getInt() == magic) {
                return i - 2;
            }
        }
        throw new AssertionError("no section " + Integer.toHexString(magic));
    }

    private static int code(byte[] blob, int readerVersion) {
        try {
            LibtpmsPermanentCodec.read(blob, readerVersion);
            return 0;
        } catch (LibtpmsFormatException e) {
            return e.responseCode();
        }
    }

    @Test
    void engineBlobHasTheLayoutOf09AndRoundTrips() throws LibtpmsFormatException {
        byte[] blob = afterShutdownState();
        assertThat(Arrays.copyOf(blob, 8)).as("version 3, magic, min 3")
                .containsExactly(0x00, 0x03, 0xAB, 0x36, 0x47, 0x23, 0x00, 0x03);
        assertThat(ByteBuffer.wrap(blob, blob.length - 4, 4).getInt()).isEqualTo(LibtpmsPermanentCodec.MAGIC);
        PermanentState state = LibtpmsPermanentCodec.read(blob, V3);
        assertThat(state.persistent().orderlyState()).isEqualTo(1);
        assertThat(state.nv().resetData().nullSeed()).as("saved state is there after Shutdown(STATE)").hasSize(64);
        assertThat(state.persistent().ppCommands()).containsExactly(0x12D);
        assertThat(state.persistent().auditCommands()).containsExactly(0x140);
        assertThat(state.nv().resetData().nullSeedCompat()).as("dropped on load, as by libtpms 0.9.2").isZero();
        byte[] again = rewrite(state);
        assertThat(again).hasSameSizeAs(blob);
        int differences = 0;
        for (int i = 0; i < blob.length; i++) {
            differences += again[i] != blob[i] ? 1 : 0;
        }
        assertThat(differences).as("only the null seed's compatibility level (1 -> 0)").isEqualTo(1);
        assertThat(rewrite(LibtpmsPermanentCodec.read(again, V3))).as("stable from then on").isEqualTo(again);
    }

    @Test
    void compressedCommandListsAreThoseOf09() {
        byte[] pp = CommandBitArray.encodeCompressed(List.of(0x12D));
        assertThat(pp).hasSize(14);
        assertThat(pp[1]).as("PP_Commands is the 14th implemented command").isEqualTo((byte) 0x20);
        assertThat(CommandBitArray.encodeCompressed(List.of(0x140))[3]).isEqualTo((byte) 0x80);
        assertThat(CommandBitArray.decode(CommandBitArray.encodeByCode(List.of(0x12D, 0x193)), 5))
                .containsExactly(0x12D, 0x193);
    }

    @Test
    void version4CarriesTheProfileAndIsRefusedBy09() throws LibtpmsFormatException {
        PermanentState state = LibtpmsPermanentCodec.read(afterShutdownState(), V3);
        byte[] profile = "{\"Name\":\"default-v1\",\"StateFormatLevel\":7}\0".getBytes(StandardCharsets.US_ASCII);
        NvImage nv = state.nv();
        UnmodeledState carried = nv.unmodeled();
        nv.setUnmodeled(new UnmodeledState(profile, 5, carried.drbgLastValue(), carried.contextSlotMask(),
                carried.indexOrderlyRam(), carried.userNvram(), carried.pcrAllocationWhenWritten()));
        byte[] v4 = rewrite(state);
        assertThat(Arrays.copyOf(v4, 8)).containsExactly(0x00, 0x04, 0xAB, 0x36, 0x47, 0x23, 0x00, 0x04);
        assertThat(code(v4, V3)).as("0.9 reads up to version 3").isEqualTo(LibtpmsRc.BAD_VERSION);
        PermanentState read = LibtpmsPermanentCodec.read(v4, V4);
        assertThat(read.nv().unmodeled().profileJson()).isEqualTo(profile);
        assertThat(read.nv().unmodeled().persistentDataVersion()).isEqualTo(5);
        assertThat(read.persistent().ppCommands()).as("version 5 bit arrays by command code").containsExactly(0x12D);
        assertThat(rewrite(read)).isEqualTo(v4);
    }

    @Test
    void persistentDataVersion3DefaultsTheSeedCompatLevels() throws LibtpmsFormatException {
        byte[] blob = afterShutdownState();
        int pd = offsetOf(blob, PersistentDataSection.MAGIC);
        blob[pd + 1] = 3; // version 3, min 3: the reader skips the version 4 block
        blob[pd + 7] = 3;
        PermanentState state = LibtpmsPermanentCodec.read(blob, V3);
        assertThat(state.persistent().seeds().endorsementCompat()).isZero();
        assertThat(state.persistent().seeds().storageCompat()).isZero();
    }

    @Test
    void errorsAreThoseOfLibtpms() {
        byte[] blob = afterShutdownState();
        byte[] badMagic = blob.clone();
        badMagic[2] = 0;
        assertThat(code(badMagic, V3)).isEqualTo(LibtpmsRc.BAD_TAG);
        byte[] badTrailer = blob.clone();
        badTrailer[blob.length - 1] ^= 1;
        assertThat(code(badTrailer, V3)).isEqualTo(LibtpmsRc.BAD_TAG);
        byte[] newerSection = blob.clone();
        int pd = offsetOf(newerSection, PersistentDataSection.MAGIC);
        newerSection[pd + 1] = 6;
        newerSection[pd + 7] = 6;
        assertThat(code(newerSection, V3)).as("min_version above the reader's").isEqualTo(LibtpmsRc.BAD_VERSION);
        assertThat(code(Arrays.copyOf(blob, blob.length - 5), V3)).isEqualTo(LibtpmsRc.INSUFFICIENT);
        byte[] hugeSeed = blob.clone();
        int seed = offsetOf(hugeSeed, PersistentDataSection.MAGIC) + 8 + 1 + 6 + 6 + 6;
        hugeSeed[seed] = (byte) 0xFF; // ownerAuth size 0xFF00: above TPM2B_AUTH's 64
        assertThat(code(hugeSeed, V3)).isEqualTo(LibtpmsRc.SIZE);
    }

    @Test
    void compileConstantsFollowTheirRules() {
        byte[] blob = afterShutdownState();
        int first = offsetOf(blob, PaCompileConstants.MAGIC) + 8 + 4;
        byte[] noRsa = blob.clone();
        noRsa[first + 3] = 0; // ALG_RSA (EQ) 1 -> 0
        assertThat(code(noRsa, V3)).isEqualTo(LibtpmsRc.BAD_PARAMETER);
        int maxRsaBits = first + 4 * 34;
        byte[] smallerRsa = blob.clone();
        ByteBuffer.wrap(smallerRsa).putInt(maxRsaBits, 2048); // MAX_RSA_KEY_BITS (LE): an older writer's 2048
        assertThat(code(smallerRsa, V3)).isZero();
        byte[] largerRsa = blob.clone();
        ByteBuffer.wrap(largerRsa).putInt(maxRsaBits, 4096);
        assertThat(code(largerRsa, V3)).isEqualTo(LibtpmsRc.BAD_PARAMETER);
    }

    @Test
    void version2CompileConstantsHave88Entries() throws LibtpmsFormatException {
        byte[] blob = afterShutdownState();
        int pa = offsetOf(blob, PaCompileConstants.MAGIC);
        ByteBuffer edit = ByteBuffer.wrap(blob);
        edit.putShort(pa, (short) 2);
        edit.putInt(pa + 8, 88);
        int dropFrom = pa + 12 + 88 * 4;
        byte[] v2 = new byte[blob.length - 32 * 4];
        System.arraycopy(blob, 0, v2, 0, dropFrom);
        System.arraycopy(blob, dropFrom + 32 * 4, v2, dropFrom, blob.length - dropFrom - 32 * 4);
        LibtpmsPermanentCodec.read(v2, V3);
    }

    @Test
    void engineRefusesABadPermallWithLibtpmsCode() {
        byte[] blob = afterShutdownState();
        byte[] badTrailer = blob.clone();
        badTrailer[blob.length - 1] ^= 1;
        EngineFixture other = new EngineFixture();
        other.engine.terminate();
        assertThat(other.engine.setStateBlob(StateBlobType.PERMANENT, badTrailer)).isEqualTo(TpmResult.BADTAG);
        assertThat(other.engine.setStateBlob(StateBlobType.PERMANENT, blob)).isEqualTo(TpmResult.SUCCESS);
    }
}
