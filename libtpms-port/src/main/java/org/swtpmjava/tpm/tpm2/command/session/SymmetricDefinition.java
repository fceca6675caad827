package org.swtpmjava.tpm.tpm2.command.session;

import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.state.AuthSession;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmtSymDefObject;

/**
 * TPMT_SYM_DEF+ (Part 2 §11.1.6, allowNull) as libtpms 0.9.2 unmarshals it: algorithm
 * (TPMI_ALG_SYM: AES, Camellia, TDES, XOR or NULL, else TPM_RC_SYMMETRIC), keyBits (AES and
 * Camellia 128/256, TDES 128/192, else TPM_RC_VALUE; for XOR a hash, else TPM_RC_HASH; nothing for
 * NULL), mode (TPMI_ALG_SYM_MODE+: CTR, OFB, CBC, CFB, ECB, CMAC or NULL, else TPM_RC_MODE;
 * nothing for XOR and NULL).
 */
public final class SymmetricDefinition {
    private SymmetricDefinition() {
    }

    public static AuthSession.Symmetric read(TpmReader reader) {
        int algorithm = reader.readU16();
        switch (algorithm) {
            case TpmAlgId.NULL:
                return new AuthSession.Symmetric(algorithm, 0, TpmAlgId.NULL);
            case TpmAlgId.XOR:
                return new AuthSession.Symmetric(algorithm, readHash(reader), TpmAlgId.NULL);
            case TpmAlgId.AES:
            case TpmAlgId.CAMELLIA:
            case TpmAlgId.TDES:
                int keyBits = readKeyBits(reader, algorithm);
                return new AuthSession.Symmetric(algorithm, keyBits, TpmtSymDefObject.unmarshalMode(reader));
            default:
                throw new TpmRcException(TpmRc.SYMMETRIC);
        }
    }

    private static int readHash(TpmReader reader) {
        int hash = reader.readU16();
        if (!Hashes.isImplemented(hash)) {
            throw new TpmRcException(TpmRc.HASH);
        }
        return hash;
    }

    private static int readKeyBits(TpmReader reader, int algorithm) {
        int keyBits = reader.readU16();
        if (!TpmtSymDefObject.isKeySize(algorithm, keyBits)) {
            throw new TpmRcException(TpmRc.VALUE);
        }
        return keyBits;
    }
}
