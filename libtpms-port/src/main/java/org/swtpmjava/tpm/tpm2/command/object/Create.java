package org.swtpmjava.tpm.tpm2.command.object;

import org.swtpmjava.tpm.tpm2.crypto.OsRandom;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmtPublic;
import org.swtpmjava.tpm.tpm2.types.TpmtSensitive;

/**
 * TPM2_Create (Part 3 §12.1): an ordinary object under a storage parent, its symmetric key,
 * seedValue and private-area IV from the TPM's random generator (CryptCreateObject with rand ==
 * NULL; RSA and ECC keys from the platform generator, as libtpms 0.9 has OpenSSL make them), returned as the parent-
 * protected private area with the public area, creation data, creation hash and ticket. Nothing
 * is loaded, but a free object slot is still required, as in the reference.
 */
public final class Create implements TpmCommand<ObjectCreationRequest> {
    private final OsRandom asymmetricRandom = new OsRandom();

    @Override
    public ObjectCreationRequest unmarshal(CommandArguments arguments) {
        return ObjectCreationRequest.unmarshal(arguments);
    }

    @Override
    public CommandOutput execute(ObjectCreationRequest in, CommandContext context) {
        TpmState state = context.state();
        LoadedObject parent = state.objects().object(in.handle());
        if (parent == null || !parent.isStorageParent()) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.TYPE, 1));
        }
        if (!state.objects().hasFreeSlot()) {
            throw new TpmRcException(TpmRc.OBJECT_MEMORY);
        }
        TpmtPublic template = in.inPublic();
        byte[] data = in.inSensitive().data();
        try {
            TemplateChecks.createChecks(parent, template, data.length);
        } catch (TpmRcException e) {
            throw new TpmRcException(ResponseCodes.parameter(e.responseCode(), 2));
        }
        byte[] authValue = CreatePrimary.adjustAuthSize(in.inSensitive().userAuth(), template.nameAlg());
        state.selfTests().test(template.nameAlg());
        if (template.type() == TpmAlgId.ECC) {
            state.selfTests().test(TpmAlgId.ECDSA);
        }
        PrivateProtection.selfTest(state, parent);
        PrimaryObjectCreation creation = PrimaryObjectCreation.createOrdinary(template, data, context.random(),
                asymmetricRandom);
        TpmtPublic outPublic = creation.publicArea();
        byte[] name = outPublic.name();
        CreationData creationData = CreationData.forParent(state, parent, template.nameAlg(), in.creationPcr(),
                in.outsideInfo(), context.locality());
        state.selfTests().test(TpmAlgId.SHA512);
        SensitiveArea sensitive = creation.sensitiveArea();
        byte[] outPrivate = PrivateProtection.wrap(new TpmtSensitive(template.type(), authValue,
                sensitive.seedValue(), sensitive.sensitive()), name, parent, context.random());
        int hierarchy = parent.hierarchy();
        return writer -> {
            writer.writeSized(outPrivate);
            outPublic.marshalSized(writer);
            writer.writeSized(creationData.creationData()).writeSized(creationData.creationHash());
            creationData.marshalTicket(writer, state, hierarchy, name);
        };
    }
}
