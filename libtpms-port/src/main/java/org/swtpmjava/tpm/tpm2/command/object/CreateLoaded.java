package org.swtpmjava.tpm.tpm2.command.object;

import org.swtpmjava.tpm.tpm2.crypto.KdfRandom;
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
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmaObject;
import org.swtpmjava.tpm.tpm2.types.TpmsKeyedHashParms;
import org.swtpmjava.tpm.tpm2.types.TpmsSensitiveCreate;
import org.swtpmjava.tpm.tpm2.types.TpmtKeyedHashScheme;
import org.swtpmjava.tpm.tpm2.types.TpmtPublic;
import org.swtpmjava.tpm.tpm2.types.TpmtSensitive;

/**
 * TPM2_CreateLoaded (Part 3 §12.9): an object created and loaded in one command. Under a
 * hierarchy it is a primary object exactly as TPM2_CreatePrimary makes it (without creation
 * data); under a storage parent an ordinary object as TPM2_Create makes it, with its outPrivate;
 * under a derivation parent (a restricted decryption KEYEDHASH object, Part 1 §28.4) a derived
 * object whose key and seedValue come from the KDF of the parent's secret with the label and
 * context of the template (or of inSensitive.data). The checks are in libtpms' order.
 */
public final class CreateLoaded implements TpmCommand<CreateLoaded.In> {
    private final OsRandom asymmetricRandom = new OsRandom();

    /**
     * @param parentHandle TPMI_DH_PARENT+
     * @param inSensitive  TPM2B_SENSITIVE_CREATE
     * @param inPublic     TPM2B_TEMPLATE, read once the kind of parent is known
     */
    public record In(int parentHandle, TpmsSensitiveCreate inSensitive, byte[] inPublic) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        TpmsSensitiveCreate sensitive = arguments.parameters().next(TpmsSensitiveCreate::unmarshalSized);
        byte[] template = arguments.parameters().next(reader -> reader.readSized(CreateLoadedTemplate.MAX_TEMPLATE));
        return new In(arguments.handle(0), sensitive, template);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        TpmState state = context.state();
        boolean hierarchyParent = TpmHandles.type(in.parentHandle()) == TpmHandles.HT_PERMANENT;
        LoadedObject parent = hierarchyParent ? null : state.objects().object(in.parentHandle());
        boolean derivation = parent != null && parent.isDerivationParent();
        if (!hierarchyParent && (parent == null || !parent.isStorageParent() && !derivation)) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.TYPE, 1));
        }
        if (!state.objects().hasFreeSlot()) {
            throw new TpmRcException(TpmRc.OBJECT_MEMORY);
        }
        CreateLoadedTemplate template;
        try {
            template = CreateLoadedTemplate.parse(in.inPublic(), derivation);
        } catch (TpmRcException e) {
            throw new TpmRcException(ResponseCodes.parameter(e.responseCode(), 2));
        }
        TpmtPublic publicArea = template.publicArea();
        byte[] authValue = CreatePrimary.adjustAuthSize(in.inSensitive().userAuth(), publicArea.nameAlg());
        byte[] data = in.inSensitive().data();
        state.selfTests().test(publicArea.nameAlg());
        PrimaryObjectCreation creation;
        int seedCompatLevel;
        if (derivation) {
            creation = derive(parent, template, data, state);
            seedCompatLevel = parent.seedCompatLevel();
        } else {
            try {
                TemplateChecks.createChecks(parent, publicArea, data.length);
            } catch (TpmRcException e) {
                throw new TpmRcException(ResponseCodes.parameter(e.responseCode(), 2));
            }
            testEcdsa(state, publicArea);
            if (parent == null) {
                creation = CreatePrimary.fromHierarchySeed(state, in.parentHandle(), publicArea, data);
                seedCompatLevel = CreatePrimary.seedCompatLevel(state, in.parentHandle());
            } else {
                PrivateProtection.selfTest(state, parent);
                creation = PrimaryObjectCreation.createOrdinary(publicArea, data, context.random(), asymmetricRandom);
                seedCompatLevel = parent.seedCompatLevel();
            }
        }
        TpmtPublic outPublic = creation.publicArea();
        byte[] name = outPublic.name();
        SensitiveArea sensitive = creation.sensitiveArea();
        byte[] outPrivate = parent != null && !derivation
                ? PrivateProtection.wrap(new TpmtSensitive(outPublic.type(), authValue, sensitive.seedValue(),
                        sensitive.sensitive()), name, parent, context.random())
                : new byte[0];
        LoadedObject object;
        if (parent == null) {
            object = new LoadedObject(outPublic, authValue, sensitive.seedValue(), sensitive.sensitive(), name,
                    CreatePrimary.qualifiedName(in.parentHandle(), outPublic.nameAlg(), name), in.parentHandle(),
                    seedCompatLevel);
        } else {
            object = new LoadedObject(outPublic, authValue, sensitive.seedValue(), sensitive.sensitive(), name,
                    Load.qualifiedName(parent.qualifiedName(), outPublic.nameAlg(), name), parent.hierarchy(),
                    seedCompatLevel, false).under(parent);
        }
        int handle = state.objects().load(object);
        return writer -> {
            writer.writeU32(handle).writeSized(outPrivate);
            outPublic.marshalSized(writer);
            writer.writeSized(name);
        };
    }

    /**
     * The derivation branch: no RSA (TPM_RC_TYPE), sensitiveDataOrigin clear (TPM_RC_ATTRIBUTES,
     * not numbered, as libtpms returns it), the attribute checks against the parent, the label
     * and context (bare codes of a malformed TPMS_DERIVE in inSensitive.data), then the object from the parent's KDF (its XOR scheme's hash; SP800-108 is the only KDF).
     */
    private static PrimaryObjectCreation derive(LoadedObject parent, CreateLoadedTemplate template,
                                                byte[] sensitiveData, TpmState state) {
        TpmtPublic publicArea = template.publicArea();
        if (publicArea.type() == TpmAlgId.RSA) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.TYPE, 2));
        }
        if (publicArea.has(TpmaObject.SENSITIVE_DATA_ORIGIN)) {
            throw new TpmRcException(TpmRc.ATTRIBUTES);
        }
        try {
            TemplateChecks.publicAttributesValidation(parent, publicArea);
        } catch (TpmRcException e) {
            throw new TpmRcException(ResponseCodes.parameter(e.responseCode(), 2));
        }
        CreateLoadedTemplate derive = template.withSensitiveDerive(sensitiveData);
        TpmtKeyedHashScheme scheme = ((TpmsKeyedHashParms) parent.publicArea().parameters()).scheme();
        testEcdsa(state, publicArea);
        state.selfTests().test(TpmAlgId.KDF1_SP800_108);
        KdfRandom kdf = new KdfRandom(scheme.hashAlg(), parent.sensitive(), derive.label(), derive.context());
        return PrimaryObjectCreation.createDerived(publicArea, kdf);
    }

    private static void testEcdsa(TpmState state, TpmtPublic publicArea) {
        if (publicArea.type() == TpmAlgId.ECC) {
            state.selfTests().test(TpmAlgId.ECDSA);
        }
    }
}
