package org.swtpmjava.swtpm;

import org.swtpmjava.tpm.NvStorage;
import org.swtpmjava.tpm.TpmEngine;
import org.swtpmjava.tpm.TpmEngines;

/** The engine a vTPM runs: libtpms-port's TPM 2.0 over the instance's storage. */
final class Engines {

    private Engines() {
    }

    static TpmEngine tpm2(NvStorage storage) {
        return TpmEngines.tpm2(storage);
    }
}
