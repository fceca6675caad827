package org.swtpmjava.tpm.tpm2.command.asymmetric;

import org.bouncycastle.crypto.params.ECDomainParameters;
import org.swtpmjava.tpm.tpm2.crypto.EccCurves;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmsEccParms;

/** A loaded object seen as an ECC key: its curve, domain parameters and key scheme. */
final class EccKey {
    private EccKey() {
    }

    static boolean isEcc(LoadedObject object) {
        return object != null && object.publicArea().type() == TpmAlgId.ECC;
    }

    static TpmsEccParms parameters(LoadedObject key) {
        return (TpmsEccParms) key.publicArea().parameters();
    }

    static ECDomainParameters domain(LoadedObject key) {
        return EccCurves.of(parameters(key).curveId());
    }
}
