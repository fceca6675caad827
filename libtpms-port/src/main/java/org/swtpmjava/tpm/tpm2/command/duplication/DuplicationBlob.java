package org.swtpmjava.tpm.tpm2.command.duplication;

import java.util.Arrays;
import org.swtpmjava.tpm.tpm2.command.object.PrivateProtection;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.crypto.OuterWrap;
import org.swtpmjava.tpm.tpm2.crypto.SymmetricCfb;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmtPublic;
import org.swtpmjava.tpm.tpm2.types.TpmtSensitive;
import org.swtpmjava.tpm.tpm2.types.TpmtSymDefObject;

/**
 * A duplication blob (Part 1 §23.3; reference Object_spt.c SensitiveToDuplicate /
 * DuplicateToSensitive): TPM2B_SENSITIVE, optionally under an inner wrap (integrity =
 * H_nameAlg(TPM2B_SENSITIVE || Name) as TPM2B_DIGEST in front, all of it encrypted in CFB mode
 * with a zero IV under the caller's or the TPM's symmetric key) and optionally under an outer
 * wrap ({@link OuterWrap} without IV, keyed by the seed shared with the new parent, over the new
 * parent's nameAlg and symmetric definition).
 */
final class DuplicationBlob {
    private DuplicationBlob() {
    }

    /**
     * SensitiveToDuplicate.
     *
     * @param parent   the new parent's public area (used only with a seed)
     * @param seed     empty for no outer wrap
     * @param inner    TPM_ALG_NULL for no inner wrap
     * @param innerKey the inner wrap's key (used only with an inner wrap)
     */
    static byte[] wrap(TpmtSensitive sensitive, byte[] name, int nameAlg, TpmtPublic parent, byte[] seed,
                       TpmtSymDefObject inner, byte[] innerKey) {
        byte[] data = marshalSensitive(sensitive, nameAlg);
        if (inner.algorithm() != TpmAlgId.NULL) {
            byte[] integrity = Hashes.digest(nameAlg, data, name);
            byte[] withIntegrity = new TpmWriter(2 + integrity.length + data.length).writeSized(integrity)
                    .writeBytes(data).toByteArray();
            data = SymmetricCfb.encrypt(inner.algorithm(), innerKey, zeroIv(inner), withIntegrity);
        }
        if (seed.length != 0) {
            data = OuterWrap.wrapWithoutIv(parent.nameAlg(), seed, PrivateProtection.parentSymmetric(parent), name,
                    data);
        }
        return data;
    }

    /**
     * DuplicateToSensitive: the outer wrap's codes, the inner integrity (its TPM2B_DIGEST codes,
     * TPM_RC_INTEGRITY), then TPM2B_SENSITIVE: too short is TPM_RC_INSUFFICIENT, a size that
     * disagrees with the data or bytes left over TPM_RC_SIZE, else TPMT_SENSITIVE's codes. Bare.
     */
    static TpmtSensitive unwrap(byte[] blob, byte[] name, int nameAlg, TpmtPublic parent, byte[] seed,
                                TpmtSymDefObject inner, byte[] innerKey) {
        byte[] data = blob;
        if (seed.length != 0) {
            data = OuterWrap.unwrapWithoutIv(parent.nameAlg(), seed, PrivateProtection.parentSymmetric(parent), name,
                    data);
        }
        if (inner.algorithm() != TpmAlgId.NULL) {
            data = SymmetricCfb.decrypt(inner.algorithm(), innerKey, zeroIv(inner), data);
            TpmReader reader = new TpmReader(data);
            byte[] integrity = reader.readSized(Hashes.MAX_DIGEST_SIZE);
            byte[] rest = reader.readBytes(reader.remaining());
            if (!Arrays.equals(integrity, Hashes.digest(nameAlg, rest, name))) {
                throw new TpmRcException(TpmRc.INTEGRITY);
            }
            data = rest;
        }
        TpmReader reader = new TpmReader(data);
        int size = reader.readU16();
        if (size + 2 != data.length) {
            throw new TpmRcException(TpmRc.SIZE);
        }
        TpmtSensitive sensitive = TpmtSensitive.unmarshal(reader);
        if (reader.hasRemaining()) {
            throw new TpmRcException(TpmRc.SIZE);
        }
        return sensitive;
    }

    /** MarshalSensitive: TPM2B_SENSITIVE with the authValue padded to the nameAlg's digest size. */
    static byte[] marshalSensitive(TpmtSensitive sensitive, int nameAlg) {
        return new TpmWriter(1024).writeSized(padAuth(sensitive, nameAlg).toBytes()).toByteArray();
    }

    /** MemoryPad2B of the authValue to the nameAlg's digest size (a longer one stays as it is). */
    static TpmtSensitive padAuth(TpmtSensitive sensitive, int nameAlg) {
        int digestSize = Hashes.digestSize(nameAlg);
        byte[] auth = sensitive.authValue();
        if (auth.length >= digestSize) {
            return sensitive;
        }
        return new TpmtSensitive(sensitive.sensitiveType(), Arrays.copyOf(auth, digestSize), sensitive.seedValue(),
                sensitive.sensitive());
    }

    private static byte[] zeroIv(TpmtSymDefObject symmetric) {
        return new byte[SymmetricCfb.blockSize(symmetric.algorithm())];
    }
}
