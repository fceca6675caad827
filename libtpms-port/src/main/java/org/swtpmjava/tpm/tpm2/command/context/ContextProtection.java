package org.swtpmjava.tpm.tpm2.command.context;

import java.util.Arrays;
import org.swtpmjava.tpm.tpm2.command.hierarchy.HierarchyProof;
import org.swtpmjava.tpm.tpm2.crypto.Hmacs;
import org.swtpmjava.tpm.tpm2.crypto.Kdfa;
import org.swtpmjava.tpm.tpm2.crypto.SymmetricCfb;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;

/**
 * The protection of a context blob as libtpms computes it (libtpms.md §4.12; reference
 * ComputeContextProtectionKey, ComputeContextIntegrity): the encrypted part is AES-256-CFB over
 * fingerprint (the sequence, 8 bytes little-endian as x86-64 lays it out) || payload, key and IV
 * from KDFa(SHA-512, hierarchy proof, "CONTEXT", sequence, savedHandle, 384 bits) with sequence
 * and handle again in host (little-endian) order; the integrity is HMAC-SHA512(proof,
 * totalResetCount || [clearCount for an stClear object] || sequence || savedHandle || encrypted
 * part), these in big-endian order.
 */
final class ContextProtection {
    /** The savedHandle of an object with stClear: its context also names the clearCount. */
    static final int STCLEAR_OBJECT = 0x80000002;
    static final int INTEGRITY_SIZE = 64;
    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 16;

    private ContextProtection() {
    }

    static byte[] fingerprint(long sequence) {
        return littleEndian(sequence, 8);
    }

    static byte[] encrypt(TpmState state, long sequence, int savedHandle, int hierarchy, byte[] plain) {
        byte[][] keyAndIv = keyAndIv(state, sequence, savedHandle, hierarchy);
        return SymmetricCfb.encrypt(TpmAlgId.AES, keyAndIv[0], keyAndIv[1], plain);
    }

    static byte[] decrypt(TpmState state, long sequence, int savedHandle, int hierarchy, byte[] encrypted) {
        byte[][] keyAndIv = keyAndIv(state, sequence, savedHandle, hierarchy);
        return SymmetricCfb.decrypt(TpmAlgId.AES, keyAndIv[0], keyAndIv[1], encrypted);
    }

    static byte[] integrity(TpmState state, long sequence, int savedHandle, int hierarchy, byte[] encrypted) {
        TpmWriter header = new TpmWriter(24).writeU64(state.persistent().totalResetCount());
        if (savedHandle == STCLEAR_OBJECT) {
            header.writeU32(state.resetData().clearCount());
        }
        header.writeU64(sequence).writeU32(savedHandle);
        return Hmacs.hmac(TpmAlgId.SHA512, HierarchyProof.of(state, hierarchy), header.toByteArray(), encrypted);
    }

    private static byte[][] keyAndIv(TpmState state, long sequence, int savedHandle, int hierarchy) {
        byte[] derived = Kdfa.derive(TpmAlgId.SHA512, HierarchyProof.of(state, hierarchy), "CONTEXT",
                littleEndian(sequence, 8), littleEndian(Integer.toUnsignedLong(savedHandle), 4),
                (KEY_BYTES + IV_BYTES) * 8);
        return new byte[][] {Arrays.copyOf(derived, KEY_BYTES), Arrays.copyOfRange(derived, KEY_BYTES,
                KEY_BYTES + IV_BYTES)};
    }

    private static byte[] littleEndian(long value, int bytes) {
        byte[] out = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            out[i] = (byte) (value >>> (8 * i));
        }
        return out;
    }
}
