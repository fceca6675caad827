package org.swtpmjava.tpm.tpm2.types;

import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;

/**
 * TPMT_SIGNATURE (Part 2 §11.3.4): the scheme and TPMU_SIGNATURE. RSASSA and RSAPSS carry a hash
 * and the signature (TPM2B_PUBLIC_KEY_RSA); the ECC schemes a hash, r and s
 * (TPM2B_ECC_PARAMETER); HMAC a TPMT_HA; TPM_ALG_NULL nothing.
 *
 * @param sigAlg  TPMI_ALG_SIG_SCHEME
 * @param hashAlg the hash of the scheme
 * @param first   the RSA signature, r, or the HMAC digest
 * @param second  s, else empty
 */
public record TpmtSignature(int sigAlg, int hashAlg, byte[] first, byte[] second) {

    public TpmtSignature {
        first = first.clone();
        second = second.clone();
    }

    @Override
    public byte[] first() {
        return first.clone();
    }

    @Override
    public byte[] second() {
        return second.clone();
    }

    public static TpmtSignature unmarshal(TpmReader reader, boolean allowNull) {
        int sigAlg = TpmtSigScheme.unmarshalSelector(reader, allowNull);
        switch (sigAlg) {
            case TpmAlgId.RSASSA:
            case TpmAlgId.RSAPSS:
                int rsaHash = TpmiAlgHash.unmarshal(reader, false);
                byte[] rsaSignature = reader.readSized(TpmuPublicId.MAX_RSA_KEY_BYTES);
                return new TpmtSignature(sigAlg, rsaHash, rsaSignature, new byte[0]);
            case TpmAlgId.HMAC:
                int hmacHash = TpmiAlgHash.unmarshal(reader, false);
                return new TpmtSignature(sigAlg, hmacHash, reader.readBytes(Hashes.digestSize(hmacHash)), new byte[0]);
            case TpmAlgId.NULL:
                return new TpmtSignature(sigAlg, TpmAlgId.NULL, new byte[0], new byte[0]);
            default:
                int eccHash = TpmiAlgHash.unmarshal(reader, false);
                byte[] r = reader.readSized(TpmuPublicId.MAX_ECC_KEY_BYTES);
                return new TpmtSignature(sigAlg, eccHash, r, reader.readSized(TpmuPublicId.MAX_ECC_KEY_BYTES));
        }
    }

    public void marshal(TpmWriter writer) {
        writer.writeU16(sigAlg);
        switch (sigAlg) {
            case TpmAlgId.NULL:
                return;
            case TpmAlgId.RSASSA:
            case TpmAlgId.RSAPSS:
                writer.writeU16(hashAlg).writeSized(first);
                return;
            case TpmAlgId.HMAC:
                writer.writeU16(hashAlg).writeBytes(first);
                return;
            default:
                writer.writeU16(hashAlg).writeSized(first).writeSized(second);
        }
    }
}
