package org.swtpmjava.tpm.tpm2.types;

import java.util.ArrayList;
import java.util.List;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;

/** TPML_CC (Part 2 §10.9.1): a list of command codes. */
public final class TpmlCc {
    /** MAX_CAP_CC: MAX_CAP_DATA / sizeof(TPM_CC). */
    private static final int MAX_CAP_CC = (1024 - 4 - 4) / 4;

    private TpmlCc() {
    }

    /** A count above MAX_CAP_CC is TPM_RC_SIZE; a TPM_CC itself is any UINT32. */
    public static List<Integer> unmarshal(TpmReader reader) {
        long count = reader.readU32Unsigned();
        if (count > MAX_CAP_CC) {
            throw new TpmRcException(TpmRc.SIZE);
        }
        List<Integer> codes = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            codes.add(reader.readU32());
        }
        return codes;
    }
}
