package org.swtpmjava.tpm.tpm2.types;

import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;

/**
 * TPMS_SYMCIPHER_PARMS (Part 2 §12.2.3.4): a symmetric key's algorithm; TPM_ALG_NULL is not
 * allowed here (TPM_RC_SYMMETRIC).
 */
public record TpmsSymCipherParms(TpmtSymDefObject sym) implements TpmuPublicParms {

    public static TpmsSymCipherParms unmarshal(TpmReader reader) {
        return new TpmsSymCipherParms(TpmtSymDefObject.unmarshal(reader, false));
    }

    @Override
    public int type() {
        return TpmAlgId.SYMCIPHER;
    }

    @Override
    public void marshal(TpmWriter writer) {
        sym.marshal(writer);
    }
}
