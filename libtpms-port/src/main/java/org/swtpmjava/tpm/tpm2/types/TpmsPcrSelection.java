package org.swtpmjava.tpm.tpm2.types;

import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;

/**
 * TPMS_PCR_SELECTION (Part 2, Table 85): a hash algorithm and a PCR bit map.
 *
 * @param hashAlg TPMI_ALG_HASH (no NULL)
 * @param select  pcrSelect, sizeofSelect bytes (PCR_SELECT_MIN = PCR_SELECT_MAX = 3 here)
 */
public record TpmsPcrSelection(int hashAlg, byte[] select) {
    /** PCR_SELECT_MIN and PCR_SELECT_MAX for 24 PCRs. */
    public static final int SELECT_SIZE = 3;

    public TpmsPcrSelection {
        select = select.clone();
    }

    public static TpmsPcrSelection unmarshal(TpmReader reader) {
        int hashAlg = reader.readU16();
        if (!Hashes.isImplemented(hashAlg)) {
            throw new TpmRcException(TpmRc.HASH);
        }
        int size = reader.readU8();
        if (size != SELECT_SIZE) {
            throw new TpmRcException(TpmRc.VALUE);
        }
        return new TpmsPcrSelection(hashAlg, reader.readBytes(size));
    }

    public void marshal(TpmWriter writer) {
        writer.writeU16(hashAlg).writeU8(select.length).writeBytes(select);
    }

    @Override
    public byte[] select() {
        return select.clone();
    }

    /** The selection as a mask, bit n = PCR n. */
    public int mask() {
        int mask = 0;
        for (int i = 0; i < select.length; i++) {
            mask |= (select[i] & 0xFF) << (8 * i);
        }
        return mask;
    }

    /** The same algorithm with another PCR mask. */
    public TpmsPcrSelection withMask(int mask) {
        byte[] bytes = new byte[select.length];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (mask >>> (8 * i));
        }
        return new TpmsPcrSelection(hashAlg, bytes);
    }
}
