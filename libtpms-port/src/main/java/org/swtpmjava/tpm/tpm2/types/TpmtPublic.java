package org.swtpmjava.tpm.tpm2.types;

import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;

/**
 * TPMT_PUBLIC (Part 2 §12.2.4), read in libtpms' order: type (TPMI_ALG_PUBLIC, else
 * TPM_RC_TYPE), nameAlg (TPMI_ALG_HASH, TPM_ALG_NULL only if allowed), objectAttributes (reserved
 * bits: TPM_RC_RESERVED_BITS), authPolicy (at most 64 bytes), parameters, unique.
 */
public record TpmtPublic(int type, int nameAlg, int objectAttributes, byte[] authPolicy,
                         TpmuPublicParms parameters, TpmuPublicId unique) {

    public TpmtPublic {
        authPolicy = authPolicy.clone();
    }

    @Override
    public byte[] authPolicy() {
        return authPolicy.clone();
    }

    public static TpmtPublic unmarshal(TpmReader reader, boolean allowNullNameAlg) {
        int type = reader.readU16();
        if (type != TpmAlgId.KEYEDHASH && type != TpmAlgId.SYMCIPHER && type != TpmAlgId.RSA
                && type != TpmAlgId.ECC) {
            throw new TpmRcException(TpmRc.TYPE);
        }
        int nameAlg = TpmiAlgHash.unmarshal(reader, allowNullNameAlg);
        int attributes = TpmaObject.unmarshal(reader);
        byte[] authPolicy = reader.readSized(Hashes.MAX_DIGEST_SIZE);
        TpmuPublicParms parameters = TpmtPublicParms.unmarshalParameters(reader, type);
        TpmuPublicId unique = TpmuPublicId.unmarshal(reader, type);
        return new TpmtPublic(type, nameAlg, attributes, authPolicy, parameters, unique);
    }

    /**
     * TPM2B_PUBLIC: a size of 0 is TPM_RC_SIZE; the TPMT_PUBLIC is read from the rest of the
     * buffer and must have used exactly size bytes (else TPM_RC_SIZE), as libtpms checks it.
     */
    public static TpmtPublic unmarshalSized(TpmReader reader, boolean allowNullNameAlg) {
        int size = reader.readU16();
        if (size == 0) {
            throw new TpmRcException(TpmRc.SIZE);
        }
        int before = reader.remaining();
        TpmtPublic value = unmarshal(reader, allowNullNameAlg);
        if (before - reader.remaining() != size) {
            throw new TpmRcException(TpmRc.SIZE);
        }
        return value;
    }

    public boolean has(int attribute) {
        return TpmaObject.has(objectAttributes, attribute);
    }

    public TpmtPublic withUnique(TpmuPublicId value) {
        return new TpmtPublic(type, nameAlg, objectAttributes, authPolicy, parameters, value);
    }

    public void marshal(TpmWriter writer) {
        writer.writeU16(type).writeU16(nameAlg).writeU32(objectAttributes).writeSized(authPolicy);
        parameters.marshal(writer);
        unique.marshal(writer, type);
    }

    public byte[] toBytes() {
        TpmWriter writer = new TpmWriter(256);
        marshal(writer);
        return writer.toByteArray();
    }

    /** TPM2B_PUBLIC. */
    public void marshalSized(TpmWriter writer) {
        writer.writeSized(toBytes());
    }

    /** The Name (Part 1 §16): nameAlg || H_nameAlg(TPMT_PUBLIC). */
    public byte[] name() {
        byte[] digest = Hashes.digest(nameAlg, toBytes());
        return new TpmWriter(2 + digest.length).writeU16(nameAlg).writeBytes(digest).toByteArray();
    }
}
