package org.swtpmjava.tpm.tpm2.command.attestation;

import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.types.TpmtSigScheme;

/** Parameter types the attestation commands share. */
final class AttestParameters {
    /** sizeof(TPMT_HA) with SHA-512: the largest TPM2B_DATA (Part 2 §10.4.3). */
    static final int MAX_DATA = 66;

    private AttestParameters() {
    }

    /** TPM2B_DATA: a larger size is TPM_RC_SIZE. */
    static byte[] readData(TpmReader reader) {
        return reader.readSized(MAX_DATA);
    }

    /** qualifyingData (TPM2B_DATA) and inScheme (TPMT_SIG_SCHEME+), the parameters of most of them. */
    record DataAndScheme(byte[] qualifyingData, TpmtSigScheme inScheme) {
        static DataAndScheme read(CommandArguments arguments) {
            byte[] data = arguments.parameters().next(AttestParameters::readData);
            TpmtSigScheme scheme = arguments.parameters().next(reader -> TpmtSigScheme.unmarshal(reader, true));
            return new DataAndScheme(data, scheme);
        }
    }
}
