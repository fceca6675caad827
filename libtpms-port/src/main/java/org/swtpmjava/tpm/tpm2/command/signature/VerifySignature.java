package org.swtpmjava.tpm.tpm2.command.signature;

import org.swtpmjava.tpm.tpm2.command.hierarchy.HierarchyProof;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.crypto.Hmacs;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmaObject;
import org.swtpmjava.tpm.tpm2.types.TpmtSignature;

/**
 * TPM2_VerifySignature (Part 3 §20.1): checks a signature with a loaded key that has the sign
 * attribute and returns a TPM_ST_VERIFIED ticket: HMAC-SHA512(hierarchy proof, TPM_ST_VERIFIED ||
 * digest || key Name), or an empty one for a key of TPM_RH_NULL or without a nameAlg (an external key).
 */
public final class VerifySignature implements TpmCommand<VerifySignature.In> {
    /** TPM_ST_VERIFIED. */
    private static final int ST_VERIFIED = 0x8022;

    /**
     * @param keyHandle TPMI_DH_OBJECT
     * @param digest    TPM2B_DIGEST
     * @param signature TPMT_SIGNATURE (no TPM_ALG_NULL)
     */
    public record In(int keyHandle, byte[] digest, TpmtSignature signature) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] digest = arguments.parameters().next(reader -> reader.readSized(Hashes.MAX_DIGEST_SIZE));
        TpmtSignature signature = arguments.parameters().next(reader -> TpmtSignature.unmarshal(reader, false));
        return new In(arguments.handle(0), digest, signature);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        LoadedObject object = context.state().objects().object(in.keyHandle());
        if (object == null || !object.has(TpmaObject.SIGN)) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.ATTRIBUTES, 1));
        }
        try {
            new SigningKey(object).verify(in.digest(), in.signature());
        } catch (TpmRcException e) {
            throw new TpmRcException(ResponseCodes.parameter(e.responseCode(), 2));
        }
        int hierarchy = object.hierarchy();
        if (hierarchy == TpmHandles.RH_NULL || object.publicArea().nameAlg() == TpmAlgId.NULL) {
            return writer -> writer.writeU16(ST_VERIFIED).writeU32(TpmHandles.RH_NULL).writeU16(0);
        }
        byte[] tag = new TpmWriter(2).writeU16(ST_VERIFIED).toByteArray();
        byte[] hmac = Hmacs.hmac(TpmAlgId.SHA512, HierarchyProof.of(context.state(), hierarchy), tag, in.digest(),
                object.name());
        return writer -> writer.writeU16(ST_VERIFIED).writeU32(hierarchy).writeSized(hmac);
    }
}
