package org.swtpmjava.tpm.tpm2.command.asymmetric;

import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmuPublicId;

/**
 * TPM2B_ECC_POINT (Part 2 §11.2.5.3) as the reference unmarshals and marshals it: a size that
 * must not be zero and must equal the octets of the TPMS_ECC_POINT that follows (two
 * TPM2B_ECC_PARAMETER of at most MAX_ECC_KEY_BYTES), else TPM_RC_SIZE.
 *
 * @param x the x coordinate
 * @param y the y coordinate
 */
record EccPointParameter(byte[] x, byte[] y) {
    static final EccPointParameter EMPTY = new EccPointParameter(new byte[0], new byte[0]);

    EccPointParameter {
        x = x.clone();
        y = y.clone();
    }

    static EccPointParameter of(byte[][] coordinates) {
        return new EccPointParameter(coordinates[0], coordinates[1]);
    }

    static EccPointParameter unmarshal(TpmReader reader) {
        int size = reader.readU16();
        if (size == 0) {
            throw new TpmRcException(TpmRc.SIZE);
        }
        int before = reader.remaining();
        byte[] x = reader.readSized(TpmuPublicId.MAX_ECC_KEY_BYTES);
        byte[] y = reader.readSized(TpmuPublicId.MAX_ECC_KEY_BYTES);
        if (before - reader.remaining() != size) {
            throw new TpmRcException(TpmRc.SIZE);
        }
        return new EccPointParameter(x, y);
    }

    /** TPMS_ECC_POINT octets: its size field counts them. */
    int encodedSize() {
        return 4 + x.length + y.length;
    }

    void marshal(TpmWriter writer) {
        writer.writeU16(encodedSize()).writeSized(x).writeSized(y);
    }

    @Override
    public byte[] x() {
        return x.clone();
    }

    @Override
    public byte[] y() {
        return y.clone();
    }
}
