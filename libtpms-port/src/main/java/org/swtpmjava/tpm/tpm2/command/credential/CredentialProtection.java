package org.swtpmjava.tpm.tpm2.command.credential;

import org.swtpmjava.tpm.tpm2.command.object.PrivateProtection;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.crypto.OuterWrap;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.state.TransientObject;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmaObject;
import org.swtpmjava.tpm.tpm2.types.TpmtPublic;

/**
 * The credential blob TPM2B_ID_OBJECT (Part 1 §24.4-24.5; reference Object_spt.c
 * SecretToCredential / CredentialToSecret): the credential as TPM2B_DIGEST under an outer wrap
 * without IV, keyed by the shared seed and the protecting key's nameAlg and symmetric
 * definition, with the Name of the certified object as the KDF context and in the HMAC.
 */
final class CredentialProtection {
    /** sizeof(TPMS_ID_OBJECT): two TPM2B_DIGEST. */
    static final int MAX_ID_OBJECT = 2 * (2 + Hashes.MAX_DIGEST_SIZE);
    /** sizeof(TPMU_NAME): a TPMT_HA (66 bytes) in a union with a TPM_HANDLE, padded to 68 in libtpms' C layout. */
    static final int MAX_NAME = 68;

    private CredentialProtection() {
    }

    /** CryptIsAsymAlgorithm(type) with decrypt and restricted: the keys a credential can be protected by. */
    static boolean canProtect(TpmtPublic key) {
        boolean asymmetric = key.type() == TpmAlgId.RSA || key.type() == TpmAlgId.ECC;
        return asymmetric && key.has(TpmaObject.DECRYPT) && key.has(TpmaObject.RESTRICTED);
    }

    /** SecretToCredential. */
    static byte[] wrap(byte[] credential, byte[] name, byte[] seed, TpmtPublic protector) {
        byte[] plain = new TpmWriter(2 + credential.length).writeSized(credential).toByteArray();
        return OuterWrap.wrapWithoutIv(protector.nameAlg(), seed, PrivateProtection.parentSymmetric(protector), name,
                plain);
    }

    /**
     * CredentialToSecret: the outer wrap's codes (TPM_RC_INTEGRITY, TPM_RC_SIZE,
     * TPM_RC_INSUFFICIENT), then the TPM2B_DIGEST's unmarshalling codes; bytes left over are
     * TPM_RC_SIZE. Bare codes.
     */
    static byte[] unwrap(byte[] blob, byte[] name, byte[] seed, TpmtPublic protector) {
        byte[] plain = OuterWrap.unwrapWithoutIv(protector.nameAlg(), seed,
                PrivateProtection.parentSymmetric(protector), name, blob);
        TpmReader reader = new TpmReader(plain);
        byte[] credential = reader.readSized(Hashes.MAX_DIGEST_SIZE);
        if (reader.hasRemaining()) {
            throw new TpmRcException(TpmRc.SIZE);
        }
        return credential;
    }

    /** The Name of the object at activateHandle; a sequence object's is empty. */
    static byte[] nameOf(TransientObject object) {
        return object instanceof LoadedObject ? ((LoadedObject) object).name() : new byte[0];
    }

    /** The public area of a key object; null for a sequence object. */
    static TpmtPublic publicArea(TransientObject object) {
        return object instanceof LoadedObject ? ((LoadedObject) object).publicArea() : null;
    }

    /** The algorithms secret sharing and the credential wrap use get their self-test. */
    static void selfTest(CommandContext context, TpmtPublic key) {
        context.state().selfTests().test(key.type() == TpmAlgId.RSA ? TpmAlgId.OAEP : TpmAlgId.ECDH);
        context.state().selfTests().test(TpmAlgId.KDF1_SP800_108);
        context.state().selfTests().test(PrivateProtection.parentSymmetric(key).algorithm());
        context.state().selfTests().test(TpmAlgId.CFB);
    }
}
