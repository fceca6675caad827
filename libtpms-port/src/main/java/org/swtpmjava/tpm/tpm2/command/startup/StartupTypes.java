package org.swtpmjava.tpm.tpm2.command.startup;

import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmSu;

/** TPM_SU unmarshalling shared by Startup and Shutdown. */
final class StartupTypes {
    private StartupTypes() {
    }

    /** TPM_SU_Unmarshal: only CLEAR and STATE are values, anything else is TPM_RC_VALUE. */
    static int read(TpmReader reader) {
        int type = reader.readU16();
        if (type != TpmSu.CLEAR && type != TpmSu.STATE) {
            throw new TpmRcException(TpmRc.VALUE);
        }
        return type;
    }
}
