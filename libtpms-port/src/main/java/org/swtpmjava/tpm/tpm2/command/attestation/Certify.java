package org.swtpmjava.tpm.tpm2.command.attestation;

import java.security.SecureRandom;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;

/**
 * TPM2_Certify (Part 3 §18.2): TPMS_CERTIFY_INFO, the Name and qualified Name of a loaded object
 * (empty qualified Name under an anonymous scheme). The object is authorized in the ADMIN role,
 * the signer in the USER role.
 */
public final class Certify implements TpmCommand<Certify.In> {
    /** TPM_ST_ATTEST_CERTIFY. */
    private static final int ST_ATTEST_CERTIFY = 0x8017;

    private final SecureRandom random = new SecureRandom();

    /**
     * @param objectHandle TPMI_DH_OBJECT
     * @param signHandle   TPMI_DH_OBJECT+
     */
    public record In(int objectHandle, int signHandle, AttestParameters.DataAndScheme parameters) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        return new In(arguments.handle(0), arguments.handle(1), AttestParameters.DataAndScheme.read(arguments));
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        AttestSigner signer = AttestSigner.select(context, in.signHandle(), in.parameters().inScheme(), 2, 2);
        LoadedObject certified = context.state().objects().object(in.objectHandle());
        TpmsAttest attest = TpmsAttest.fill(context, signer, in.parameters().qualifyingData());
        byte[] qualifiedName = signer.anonymous() ? new byte[0] : qualifiedNameOf(certified);
        byte[] info = new TpmWriter(140).writeSized(nameOf(certified)).writeSized(qualifiedName).toByteArray();
        return attest.sign(context, random, ST_ATTEST_CERTIFY, info);
    }

    /**
     * The Name of a loaded object; a sequence object (null here) has none: libtpms zeroes a slot
     * when it is allocated and its HASH_OBJECT does not reach OBJECT's name field, so its Name
     * reads as the empty buffer (observed on libtpms 0.9.2).
     */
    static byte[] nameOf(LoadedObject object) {
        return object == null ? new byte[0] : object.name();
    }

    /** The qualified Name of a loaded object, empty for a sequence object (see {@link #nameOf}). */
    static byte[] qualifiedNameOf(LoadedObject object) {
        return object == null ? new byte[0] : object.qualifiedName();
    }
}
