package org.swtpmjava.tpm.tpm2.command.object;

import java.util.Arrays;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.crypto.PrimaryObjectDrbg;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.session.EntityAuth;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmtPublic;

/**
 * TPM2_CreatePrimary (Part 3 §24.1): a primary object of a hierarchy (or a temporary one under
 * TPM_RH_NULL, from the null seed), derived from the hierarchy's seed as libtpms derives it
 * (libtpms.md §5.2), loaded into a transient slot. The response carries the public area, the
 * creation data, its hash, the creation ticket and the Name.
 */
public final class CreatePrimary implements TpmCommand<ObjectCreationRequest> {

    @Override
    public ObjectCreationRequest unmarshal(CommandArguments arguments) {
        return ObjectCreationRequest.unmarshal(arguments);
    }

    @Override
    public CommandOutput execute(ObjectCreationRequest in, CommandContext context) {
        TpmState state = context.state();
        if (!state.objects().hasFreeSlot()) {
            throw new TpmRcException(TpmRc.OBJECT_MEMORY);
        }
        TpmtPublic template = in.inPublic();
        byte[] data = in.inSensitive().data();
        try {
            TemplateChecks.createChecks(template, data.length);
        } catch (TpmRcException e) {
            throw new TpmRcException(ResponseCodes.parameter(e.responseCode(), 2));
        }
        byte[] authValue = adjustAuthSize(in.inSensitive().userAuth(), template.nameAlg());
        int hierarchy = in.handle();
        context.state().selfTests().test(template.nameAlg());
        if (template.type() == TpmAlgId.ECC) {
            context.state().selfTests().test(TpmAlgId.ECDSA);
        }
        PrimaryObjectCreation creation = fromHierarchySeed(state, hierarchy, template, data);
        TpmtPublic outPublic = creation.publicArea();
        byte[] name = outPublic.name();
        CreationData creationData = CreationData.forHierarchy(state, hierarchy, template.nameAlg(), in.creationPcr(),
                in.outsideInfo(), context.locality());
        context.state().selfTests().test(TpmAlgId.SHA512);
        byte[] qualifiedName = qualifiedName(hierarchy, template.nameAlg(), name);
        SensitiveArea sensitive = creation.sensitiveArea();
        int handle = state.objects().load(new LoadedObject(outPublic, authValue, sensitive.seedValue(),
                sensitive.sensitive(), name, qualifiedName, hierarchy, seedCompatLevel(state, hierarchy)));
        return writer -> {
            writer.writeU32(handle);
            outPublic.marshalSized(writer);
            writer.writeSized(creationData.creationData()).writeSized(creationData.creationHash());
            creationData.marshalTicket(writer, state, hierarchy, name);
            writer.writeSized(name);
        };
    }

    /**
     * The object of a template under a hierarchy (CreatePrimary, CreateLoaded with a hierarchy as
     * parent): the primary-object DRBG over the hierarchy's seed, the template's Name and
     * inSensitive.data; endorsement primaries mix in shProof and ehProof before the seedValue.
     */
    static PrimaryObjectCreation fromHierarchySeed(TpmState state, int hierarchy, TpmtPublic template, byte[] data) {
        PrimaryObjectDrbg drbg = new PrimaryObjectDrbg(seed(state, hierarchy), template.name(), data);
        byte[][] endorsementProofs = hierarchy == TpmHandles.RH_ENDORSEMENT
                ? new byte[][] {state.persistent().proofs().storage(), state.persistent().proofs().endorsement()}
                : null;
        return PrimaryObjectCreation.create(template, data, drbg, seedCompatLevel(state, hierarchy),
                endorsementProofs);
    }

    /**
     * AdjustAuthSize: userAuth without trailing zeros may not exceed the nameAlg's digest size
     * (TPM_RC_SIZE for inSensitive); it is kept zero-padded or cut to exactly that size.
     */
    static byte[] adjustAuthSize(byte[] userAuth, int nameAlg) {
        int digestSize = Hashes.digestSize(nameAlg);
        if (EntityAuth.removeTrailingZeros(userAuth).length > digestSize) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.SIZE, 1));
        }
        return Arrays.copyOf(userAuth, digestSize);
    }

    /** HierarchyGetPrimarySeed: EPS, SPS, PPS or the null seed. */
    private static byte[] seed(TpmState state, int hierarchy) {
        switch (hierarchy) {
            case TpmHandles.RH_ENDORSEMENT:
                return state.persistent().seeds().endorsement();
            case TpmHandles.RH_OWNER:
                return state.persistent().seeds().storage();
            case TpmHandles.RH_PLATFORM:
                return state.persistent().seeds().platform();
            default:
                return state.resetData().nullSeed();
        }
    }

    static int seedCompatLevel(TpmState state, int hierarchy) {
        switch (hierarchy) {
            case TpmHandles.RH_ENDORSEMENT:
                return state.persistent().seeds().endorsementCompat();
            case TpmHandles.RH_OWNER:
                return state.persistent().seeds().storageCompat();
            case TpmHandles.RH_PLATFORM:
                return state.persistent().seeds().platformCompat();
            default:
                return state.resetData().nullSeedCompat();
        }
    }

    /** ComputeQualifiedName with a hierarchy as parent: nameAlg || H(handle || name). */
    static byte[] qualifiedName(int hierarchy, int nameAlg, byte[] name) {
        byte[] parent = new TpmWriter(4).writeU32(hierarchy).toByteArray();
        byte[] digest = Hashes.digest(nameAlg, parent, name);
        return new TpmWriter(2 + digest.length).writeU16(nameAlg).writeBytes(digest).toByteArray();
    }
}
