package org.swtpmjava.tpm.tpm2.types;

import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;

/**
 * TPMS_NV_PUBLIC (Part 2 §13.5) and its TPMA_NV bits (§13.4), read as libtpms' unmarshallers
 * read them: nvIndex of type TPM_HT_NV_INDEX (else TPM_RC_VALUE), a hash nameAlg (TPM_RC_HASH),
 * no reserved attribute (TPM_RC_RESERVED_BITS), an authPolicy of at most one digest and a dataSize
 * of at most MAX_NV_INDEX_SIZE (TPM_RC_SIZE).
 */
public record TpmsNvPublic(int nvIndex, int nameAlg, int attributes, byte[] authPolicy, int dataSize) {
    public static final int PPWRITE = 1;
    public static final int OWNERWRITE = 1 << 1;
    public static final int AUTHWRITE = 1 << 2;
    public static final int POLICYWRITE = 1 << 3;
    public static final int POLICY_DELETE = 1 << 10;
    public static final int WRITELOCKED = 1 << 11;
    public static final int WRITEALL = 1 << 12;
    public static final int WRITEDEFINE = 1 << 13;
    public static final int WRITE_STCLEAR = 1 << 14;
    public static final int GLOBALLOCK = 1 << 15;
    public static final int PPREAD = 1 << 16;
    public static final int OWNERREAD = 1 << 17;
    public static final int AUTHREAD = 1 << 18;
    public static final int POLICYREAD = 1 << 19;
    public static final int NO_DA = 1 << 25;
    public static final int ORDERLY = 1 << 26;
    public static final int CLEAR_STCLEAR = 1 << 27;
    public static final int READLOCKED = 1 << 28;
    public static final int WRITTEN = 1 << 29;
    public static final int PLATFORMCREATE = 1 << 30;
    public static final int READ_STCLEAR = 1 << 31;
    /** Bits 8-9 and 20-24. */
    public static final int RESERVED = 0x01F00300;

    /** TPM_NT (bits 4-7). */
    public static final int NT_ORDINARY = 0;
    public static final int NT_COUNTER = 1;
    public static final int NT_BITS = 2;
    public static final int NT_EXTEND = 4;
    public static final int NT_PIN_FAIL = 8;
    public static final int NT_PIN_PASS = 9;

    /** MAX_NV_INDEX_SIZE of libtpms 0.9. */
    public static final int MAX_NV_INDEX_SIZE = 2048;

    /** TPM2B_NV_PUBLIC: an empty or inexact size is TPM_RC_SIZE. */
    public static TpmsNvPublic unmarshalSized(TpmReader reader) {
        int size = reader.readU16();
        if (size == 0) {
            throw new TpmRcException(TpmRc.SIZE);
        }
        int before = reader.remaining();
        TpmsNvPublic value = unmarshal(reader);
        if (before - reader.remaining() != size) {
            throw new TpmRcException(TpmRc.SIZE);
        }
        return value;
    }

    public static TpmsNvPublic unmarshal(TpmReader reader) {
        int nvIndex = reader.readU32();
        if (TpmHandles.type(nvIndex) != TpmHandles.HT_NV_INDEX) {
            throw new TpmRcException(TpmRc.VALUE);
        }
        int nameAlg = TpmiAlgHash.unmarshal(reader, false);
        int attributes = reader.readU32();
        if ((attributes & RESERVED) != 0) {
            throw new TpmRcException(TpmRc.RESERVED_BITS);
        }
        byte[] authPolicy = reader.readSized(Hashes.MAX_DIGEST_SIZE);
        int dataSize = reader.readU16();
        if (dataSize > MAX_NV_INDEX_SIZE) {
            throw new TpmRcException(TpmRc.SIZE);
        }
        return new TpmsNvPublic(nvIndex, nameAlg, attributes, authPolicy, dataSize);
    }

    public static int type(int attributes) {
        return (attributes >>> 4) & 0xF;
    }

    public int type() {
        return type(attributes);
    }

    public boolean has(int bit) {
        return (attributes & bit) != 0;
    }

    public TpmsNvPublic withAttributes(int value) {
        return new TpmsNvPublic(nvIndex, nameAlg, value, authPolicy, dataSize);
    }

    public void marshal(TpmWriter writer) {
        writer.writeU32(nvIndex).writeU16(nameAlg).writeU32(attributes).writeSized(authPolicy).writeU16(dataSize);
    }

    public byte[] toBytes() {
        TpmWriter writer = new TpmWriter();
        marshal(writer);
        return writer.toByteArray();
    }

    /** The Name (Part 1 §16): nameAlg || H(nameAlg, TPMS_NV_PUBLIC). */
    public byte[] name() {
        byte[] digest = Hashes.digest(nameAlg, toBytes());
        return new TpmWriter(2 + digest.length).writeU16(nameAlg).writeBytes(digest).toByteArray();
    }
}
