package org.swtpmjava.tpm.tpm2.types;

import java.util.ArrayList;
import java.util.List;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;

/** TPML_PCR_SELECTION (Part 2, Table 111): at most HASH_COUNT selections. */
public record TpmlPcrSelection(List<TpmsPcrSelection> selections) {

    public TpmlPcrSelection {
        selections = List.copyOf(selections);
    }

    /** A count above HASH_COUNT is TPM_RC_SIZE, checked before any selection is read. */
    public static TpmlPcrSelection unmarshal(TpmReader reader) {
        long count = reader.readU32Unsigned();
        if (count > Hashes.IMPLEMENTED.size()) {
            throw new TpmRcException(TpmRc.SIZE);
        }
        List<TpmsPcrSelection> selections = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            selections.add(TpmsPcrSelection.unmarshal(reader));
        }
        return new TpmlPcrSelection(selections);
    }

    public void marshal(TpmWriter writer) {
        writer.writeU32(selections.size());
        selections.forEach(selection -> selection.marshal(writer));
    }
}
