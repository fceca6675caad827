package org.swtpmjava.tpm.tpm2.types;

import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;

/** TPMS_KEYEDHASH_PARMS (Part 2 §12.2.3.3): the scheme of an HMAC key or sealed data object. */
public record TpmsKeyedHashParms(TpmtKeyedHashScheme scheme) implements TpmuPublicParms {

    public static TpmsKeyedHashParms unmarshal(TpmReader reader) {
        return new TpmsKeyedHashParms(TpmtKeyedHashScheme.unmarshal(reader, true));
    }

    @Override
    public int type() {
        return TpmAlgId.KEYEDHASH;
    }

    @Override
    public void marshal(TpmWriter writer) {
        scheme.marshal(writer);
    }
}
