package org.swtpmjava.tpm.tpm2.command.object;

import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.types.TpmlPcrSelection;
import org.swtpmjava.tpm.tpm2.types.TpmsSensitiveCreate;
import org.swtpmjava.tpm.tpm2.types.TpmtPublic;

/**
 * The parameters TPM2_CreatePrimary (Part 3 §24.1) and TPM2_Create (§12.1) share, after their one
 * handle (the hierarchy, or the parent).
 *
 * @param handle      TPMI_RH_HIERARCHY+ for CreatePrimary, TPMI_DH_OBJECT for Create
 * @param inSensitive TPM2B_SENSITIVE_CREATE
 * @param inPublic    TPM2B_PUBLIC (nameAlg not TPM_ALG_NULL)
 * @param outsideInfo TPM2B_DATA
 * @param creationPcr TPML_PCR_SELECTION
 */
public record ObjectCreationRequest(int handle, TpmsSensitiveCreate inSensitive, TpmtPublic inPublic,
                                    byte[] outsideInfo, TpmlPcrSelection creationPcr) {
    /** sizeof(TPMT_HA): the largest TPM2B_DATA. */
    private static final int MAX_DATA = 2 + Hashes.MAX_DIGEST_SIZE;

    static ObjectCreationRequest unmarshal(CommandArguments arguments) {
        TpmsSensitiveCreate sensitive = arguments.parameters().next(TpmsSensitiveCreate::unmarshalSized);
        TpmtPublic template = arguments.parameters().next(reader -> TpmtPublic.unmarshalSized(reader, false));
        byte[] outsideInfo = arguments.parameters().next(reader -> reader.readSized(MAX_DATA));
        TpmlPcrSelection pcrs = arguments.parameters().next(TpmlPcrSelection::unmarshal);
        return new ObjectCreationRequest(arguments.handle(0), sensitive, template, outsideInfo, pcrs);
    }
}
