package org.swtpmjava.tpm.tpm2.command.object;

import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmtPublic;
import org.swtpmjava.tpm.tpm2.types.TpmtSensitive;

/**
 * TPM2_Load (Part 3 §12.2): an object's public area and parent-protected private area loaded
 * under its storage parent, in the reference's order: a free slot (TPM_RC_OBJECT_MEMORY), a
 * non-empty private area (TPM_RC_SIZE, parameter 1), the parent is a storage parent (TPM_RC_TYPE, handle 1), the private area's integrity and
 * decryption (codes on parameter 1), the seedValue size (TPM_RC_KEY_SIZE, parameter 1) and the
 * public area's attribute and scheme checks against the parent (parameter 2). Under a fixedTPM
 * parent the key pair is not validated; under another parent it is (CryptValidateKeys, {@link
 * KeyValidation}); an RSA key's second prime must follow from the modulus (TPM_RC_BINDING).
 */
public final class Load implements TpmCommand<Load.In> {

    /**
     * @param parentHandle TPMI_DH_OBJECT
     * @param inPrivate    TPM2B_PRIVATE
     * @param inPublic     TPM2B_PUBLIC
     */
    public record In(int parentHandle, byte[] inPrivate, TpmtPublic inPublic) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] inPrivate = arguments.parameters().next(reader -> reader.readSized(PrivateProtection.MAX_PRIVATE));
        TpmtPublic inPublic = arguments.parameters().next(reader -> TpmtPublic.unmarshalSized(reader, false));
        return new In(arguments.handle(0), inPrivate, inPublic);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        TpmState state = context.state();
        if (!state.objects().hasFreeSlot()) {
            throw new TpmRcException(TpmRc.OBJECT_MEMORY);
        }
        if (in.inPrivate().length == 0) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.SIZE, 1));
        }
        LoadedObject parent = state.objects().object(in.parentHandle());
        if (parent == null || !parent.isStorageParent()) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.TYPE, 1));
        }
        TpmtPublic publicArea = in.inPublic();
        byte[] name = publicArea.name();
        PrivateProtection.selfTest(state, parent);
        TpmtSensitive sensitive;
        try {
            sensitive = PrivateProtection.unwrap(in.inPrivate(), name, parent);
        } catch (TpmRcException e) {
            throw new TpmRcException(ResponseCodes.parameter(e.responseCode(), 1));
        }
        KeyValidation.objectLoad(KeyValidation.Use.LOAD, parent, publicArea, sensitive, 2, 1);
        byte[] qualifiedName = qualifiedName(parent.qualifiedName(), publicArea.nameAlg(), name);
        int handle = state.objects().load(new LoadedObject(publicArea, sensitive.authValue(), sensitive.seedValue(),
                sensitive.sensitive(), name, qualifiedName, parent.hierarchy(), parent.seedCompatLevel(), false)
                .under(parent));
        return writer -> writer.writeU32(handle).writeSized(name);
    }

    /** ComputeQualifiedName under a parent object: nameAlg || H_nameAlg(parent's QN || name). */
    static byte[] qualifiedName(byte[] parentQualifiedName, int nameAlg, byte[] name) {
        byte[] digest = Hashes.digest(nameAlg, parentQualifiedName, name);
        return new TpmWriter(2 + digest.length).writeU16(nameAlg).writeBytes(digest).toByteArray();
    }
}
