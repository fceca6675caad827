package org.swtpmjava.tpm.tpm2.state.libtpms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.TestBytes;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.crypto.OpenSslHashState;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.state.HashSequence;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmtPublic;

/** libtpms' ANY_OBJECT / OBJECT / HASH_OBJECT encodings of the engine's transient objects. */
class AnyObjectSectionTest {
    /**
     * An RSA signing key with the textbook primes 61 and 53 (n = 3233, e = 17): too small to sign
     * anything, but its CRT values are known (dP 53, dQ 49, qInv 38 with p = 61).
     */
    private static final String TINY_RSA_PUBLIC = "0001 000b 00040472 0000 0010 0010 0800 00000011 0002 0ca1";

    private static LoadedObject tinyRsaKey(int primeP) {
        TpmtPublic publicArea = TpmtPublic.unmarshal(new TpmReader(TestBytes.hex(TINY_RSA_PUBLIC.replace(" ", ""))),
                false);
        return new LoadedObject(publicArea, new byte[] {1, 2}, new byte[0], BigInteger.valueOf(primeP).toByteArray(),
                publicArea.name(), publicArea.name(), TpmHandles.RH_OWNER, 1, true);
    }

    @Test
    void rsaPrivateExponentIsInLibtpmsOrder() {
        // P = 53 is the smaller prime: Q = N / P = 61, and dP, dQ, qInv are taken with p = 61
        BigInteger[] values = PrivateExponentSection.compute(tinyRsaKey(53));
        assertThat(values).containsExactly(BigInteger.valueOf(61), BigInteger.valueOf(53), BigInteger.valueOf(49),
                BigInteger.valueOf(38));
        assertThat(PrivateExponentSection.compute(tinyRsaKey(61))).containsExactly(BigInteger.valueOf(53),
                BigInteger.valueOf(53), BigInteger.valueOf(49), BigInteger.valueOf(38));
        assertThat(PrivateExponentSection.compute(tinyRsaKey(59))).as("P does not divide N").isNull();

        String bytes = TestBytes.hex(AnyObjectSection.marshal(tinyRsaKey(53)));
        // attribute word: occupied, privateExp, primary, spsHierarchy
        assertThat(bytes).startsWith("0002" + "fe9a3974" + "0001" + "0000c028" + "0003" + "75be73af" + "0003");
        // Q as one 64-bit word, then dP
        assertThat(bytes).contains("0002" + "2fe736ab" + "0001" + "0008" + "000000000000003d" + "010000"
                + "0002" + "2fe736ab" + "0001" + "0008" + "0000000000000035");
    }

    @Test
    void objectRoundTrips() throws LibtpmsFormatException {
        LoadedObject key = tinyRsaKey(53);
        AnyObjectSection.Decoded decoded = AnyObjectSection.unmarshal(AnyObjectSection.marshal(key));
        assertThat(decoded.unsupported()).isFalse();
        LoadedObject read = (LoadedObject) decoded.object();
        assertThat(read.publicArea().toBytes()).isEqualTo(key.publicArea().toBytes());
        assertThat(read.authValue()).isEqualTo(key.authValue());
        assertThat(read.sensitive()).isEqualTo(key.sensitive());
        assertThat(read.name()).isEqualTo(key.name());
        assertThat(read.qualifiedName()).isEqualTo(key.qualifiedName());
        assertThat(read.hierarchy()).isEqualTo(TpmHandles.RH_OWNER);
        assertThat(read.seedCompatLevel()).isEqualTo(1);
        assertThat(read.isPrimary()).isTrue();
        assertThat(AnyObjectSection.marshal(read)).isEqualTo(AnyObjectSection.marshal(key));
        assertThat(AnyObjectSection.unmarshal(AnyObjectSection.marshal(null))).isEqualTo(AnyObjectSection.Decoded.EMPTY);
    }

    /** OBJECT versions 1 and 2 had no seed compatibility level (level 0); HEAD's version 4 is refused by 0.9. */
    @Test
    void olderObjectVersionsHaveCompatLevelZero() throws LibtpmsFormatException {
        NvMarshalWriter w = new NvMarshalWriter();
        ObjectSection.write(w, tinyRsaKey(53), null);
        byte[] v3 = w.toByteArray();
        byte[] v2 = Arrays.copyOf(v3, v3.length - 7 + 3); // without the v3 block, "absent" instead
        v2[1] = 2;
        v2[7] = 1;
        v2[v2.length - 3] = 0;
        v2[v2.length - 2] = 0;
        v2[v2.length - 1] = 0;
        assertThat(ObjectSection.read(new NvMarshalReader(v2), 0).object().seedCompatLevel()).isZero();
        byte[] v2WithBlock = v3.clone();
        v2WithBlock[1] = 2;
        v2WithBlock[7] = 1;
        assertThat(ObjectSection.read(new NvMarshalReader(v2WithBlock), 0).object().seedCompatLevel()).isZero();
        assertThat(ObjectSection.read(new NvMarshalReader(v3), 0).object().seedCompatLevel()).isEqualTo(1);
        byte[] v4 = v3.clone();
        v4[1] = 4;
        v4[7] = 4;
        assertThatThrownBy(() -> ObjectSection.read(new NvMarshalReader(v4), 0))
                .isInstanceOf(LibtpmsFormatException.class)
                .extracting(e -> ((LibtpmsFormatException) e).responseCode()).isEqualTo(LibtpmsRc.BAD_VERSION);
        byte[] v3WithoutBlock = v2.clone();
        v3WithoutBlock[1] = 3;
        assertThatThrownBy(() -> ObjectSection.read(new NvMarshalReader(v3WithoutBlock), 0))
                .isInstanceOf(LibtpmsFormatException.class)
                .extracting(e -> ((LibtpmsFormatException) e).responseCode()).isEqualTo(LibtpmsRc.BAD_PARAMETER);
    }

    /** bn_prime_t_Unmarshal: 32-bit halves, the first of a pair the high one, an odd last half shifted up. */
    @Test
    void primesWithThirtyTwoBitGranularity() throws LibtpmsFormatException {
        String prime = "0002 2fe736ab 0001 000c 00000001 00000002 00000003 010000";
        BigInteger value = PrivateExponentSection.readPrime(new NvMarshalReader(TestBytes.hex(prime.replace(" ", ""))));
        assertThat(value).isEqualTo(BigInteger.valueOf(3).shiftLeft(32).shiftLeft(64)
                .or(BigInteger.ONE.shiftLeft(32)).or(BigInteger.TWO));
        String tooLong = "0002 2fe736ab 0001 00c9";
        assertThatThrownBy(() -> PrivateExponentSection.readPrime(new NvMarshalReader(TestBytes.hex(
                tooLong.replace(" ", "") + "00".repeat(204)))))
                .extracting(e -> ((LibtpmsFormatException) e).responseCode()).isEqualTo(LibtpmsRc.SIZE);
    }

    @Test
    void sequencesContinueAfterARoundTrip() throws LibtpmsFormatException {
        HashSequence sequence = new HashSequence(TpmAlgId.SHA384, new byte[] {9});
        byte[] first = new byte[201];
        Arrays.fill(first, (byte) 0x61);
        sequence.update(first);
        sequence.firstBlock(true);
        byte[] bytes = AnyObjectSection.marshal(sequence);
        // occupied, firstBlock, ticketSafe, hashSeq, temporary
        assertThat(TestBytes.hex(bytes)).startsWith("0002fe9a3974" + "0001" + "00009a40" + "0003b874fe38" + "0001"
                + "0010" + "0010" + "00000400" + "0001" + "09" + "0004");
        HashSequence read = (HashSequence) AnyObjectSection.unmarshal(bytes).object();
        assertThat(read.firstBlockSeen()).isTrue();
        assertThat(read.ticketSafe()).isTrue();
        assertThat(read.authValue()).containsExactly(9);
        read.update(new byte[] {1, 2, 3});
        assertThat(read.finish()).isEqualTo(Hashes.digest(TpmAlgId.SHA384, first, new byte[] {1, 2, 3}));

        HashSequence event = new HashSequence(TpmAlgId.NULL, new byte[0]);
        for (int alg : Hashes.IMPLEMENTED) {
            event.event().update(alg, first);
        }
        HashSequence eventRead = (HashSequence) AnyObjectSection.unmarshal(AnyObjectSection.marshal(event)).object();
        assertThat(eventRead.isEventSequence()).isTrue();
        for (int alg : Hashes.IMPLEMENTED) {
            assertThat(eventRead.event().finish(alg)).isEqualTo(Hashes.digest(alg, first));
        }
    }

    /** An HMAC sequence (HASH_STATE type 2 and the key block) is held; its truncations are the codec's error. */
    @Test
    void hmacSequenceIsHeld() throws LibtpmsFormatException {
        byte[] bytes = macSequence(new HashObjectSection.HashState(2, TpmAlgId.SHA256,
                OpenSslHashState.initial(TpmAlgId.SHA256)), new byte[64]);
        AnyObjectSection.Decoded decoded = AnyObjectSection.unmarshal(bytes);
        assertThat(decoded.unsupported()).isFalse();
        assertThat(((HashSequence) decoded.object()).isMacSequence()).isTrue();
        assertThat(AnyObjectSection.marshal(decoded.object())).as("written back as read").isEqualTo(bytes);
        assertThatThrownBy(() -> AnyObjectSection.unmarshal(Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(LibtpmsFormatException.class);
    }

    /** A CMAC sequence as libtpms 0.9 writes it (no running state): parsed to its end, not held. */
    @Test
    void cmacSequenceIsParsedButNotHeld() throws LibtpmsFormatException {
        byte[] bytes = macSequence(new HashObjectSection.HashState(3, 0, null), new byte[0]);
        assertThat(AnyObjectSection.unmarshal(bytes).unsupported()).isTrue();
    }

    private static byte[] macSequence(HashObjectSection.HashState state, byte[] key) {
        NvMarshalWriter w = new NvMarshalWriter();
        w.header(2, 0xFE9A3974, 1).u32(0x8000 | 0x40 | 0x100);
        w.header(3, 0xB874FE38, 1).u16(TpmAlgId.NULL).u16(TpmAlgId.NULL).u32(0x400).u16(0);
        HashObjectSection.writeHashState(w, state);
        w.tpm2b(key).emptyFutureBlock();
        w.emptyFutureBlock();
        return w.toByteArray();
    }

    /** Every truncation of an object or a sequence is the codec's error, nothing else. */
    @Test
    void truncationsAreTheCodecsError() {
        HashSequence sequence = new HashSequence(TpmAlgId.NULL, new byte[] {1});
        for (byte[] bytes : new byte[][] {AnyObjectSection.marshal(tinyRsaKey(53)), AnyObjectSection.marshal(sequence)}) {
            for (int length = 0; length < bytes.length; length++) {
                byte[] prefix = Arrays.copyOf(bytes, length);
                assertThatThrownBy(() -> AnyObjectSection.unmarshal(prefix)).as("%d bytes", length)
                        .isInstanceOf(LibtpmsFormatException.class);
            }
        }
    }
}
