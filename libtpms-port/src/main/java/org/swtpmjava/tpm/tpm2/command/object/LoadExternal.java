package org.swtpmjava.tpm.tpm2.command.object;

import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmaObject;
import org.swtpmjava.tpm.tpm2.types.TpmtPublic;
import org.swtpmjava.tpm.tpm2.types.TpmtSensitive;

/**
 * TPM2_LoadExternal (Part 3 §12.3): a public area, or a public and a sensitive area in the clear,
 * loaded into a transient slot without a parent. The checks are libtpms': a free slot, the
 * hierarchy enabled (TPM_RC_HIERARCHY, parameter 3); with a sensitive area only in TPM_RH_NULL
 * (TPM_RC_HIERARCHY) and never fixedTPM, fixedParent or restricted (TPM_RC_ATTRIBUTES,
 * parameter 2); then ObjectLoad: the scheme checks for a public-only object or one without a
 * nameAlg, else the seedValue size and the attribute checks; CryptValidateKeys; for an RSA key
 * the second prime. The object's Name is empty without a nameAlg, its qualified Name is its
 * Name, and its children would use seed compatibility level 0 (SEED_COMPAT_LEVEL_ORIGINAL).
 */
public final class LoadExternal implements TpmCommand<LoadExternal.In> {
    /** libtpms marks what could be derived from an external object with the original seed algorithm. */
    private static final int SEED_COMPAT_LEVEL_ORIGINAL = 0;
    private static final int IN_PRIVATE = 1;
    private static final int IN_PUBLIC = 2;
    private static final int HIERARCHY = 3;

    /**
     * @param inPrivate TPM2B_SENSITIVE (null when its size is 0)
     * @param inPublic  TPM2B_PUBLIC (nameAlg may be TPM_ALG_NULL)
     * @param hierarchy TPMI_RH_HIERARCHY+
     */
    public record In(TpmtSensitive inPrivate, TpmtPublic inPublic, int hierarchy) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        TpmtSensitive inPrivate = arguments.parameters().next(LoadExternal::unmarshalSensitive);
        TpmtPublic inPublic = arguments.parameters().next(reader -> TpmtPublic.unmarshalSized(reader, true));
        int hierarchy = arguments.parameters().next(LoadExternal::unmarshalHierarchy);
        return new In(inPrivate, inPublic, hierarchy);
    }

    /** TPM2B_SENSITIVE: a size of 0 is no sensitive area; else exactly size bytes of TPMT_SENSITIVE (TPM_RC_SIZE). */
    private static TpmtSensitive unmarshalSensitive(TpmReader reader) {
        int size = reader.readU16();
        if (size == 0) {
            return null;
        }
        int before = reader.remaining();
        TpmtSensitive sensitive = TpmtSensitive.unmarshal(reader);
        if (before - reader.remaining() != size) {
            throw new TpmRcException(TpmRc.SIZE);
        }
        return sensitive;
    }

    /** TPMI_RH_HIERARCHY+ as a parameter: owner, endorsement, platform or TPM_RH_NULL, else TPM_RC_VALUE. */
    private static int unmarshalHierarchy(TpmReader reader) {
        int hierarchy = reader.readU32();
        if (hierarchy != TpmHandles.RH_OWNER && hierarchy != TpmHandles.RH_ENDORSEMENT
                && hierarchy != TpmHandles.RH_PLATFORM && hierarchy != TpmHandles.RH_NULL) {
            throw new TpmRcException(TpmRc.VALUE);
        }
        return hierarchy;
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        TpmState state = context.state();
        if (!state.objects().hasFreeSlot()) {
            throw new TpmRcException(TpmRc.OBJECT_MEMORY);
        }
        int hierarchy = in.hierarchy();
        if (!state.hierarchyEnabled(hierarchy)) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.HIERARCHY, HIERARCHY));
        }
        TpmtPublic publicArea = in.inPublic();
        TpmtSensitive sensitive = in.inPrivate();
        if (sensitive != null) {
            if (hierarchy != TpmHandles.RH_NULL) {
                throw new TpmRcException(ResponseCodes.parameter(TpmRc.HIERARCHY, HIERARCHY));
            }
            if (publicArea.has(TpmaObject.FIXED_TPM) || publicArea.has(TpmaObject.FIXED_PARENT)
                    || publicArea.has(TpmaObject.RESTRICTED)) {
                throw new TpmRcException(ResponseCodes.parameter(TpmRc.ATTRIBUTES, IN_PUBLIC));
            }
        }
        byte[] name = publicArea.nameAlg() == TpmAlgId.NULL ? new byte[0] : publicArea.name();
        objectLoadChecks(publicArea, sensitive);
        LoadedObject object;
        if (sensitive == null) {
            object = new LoadedObject(publicArea, new byte[0], new byte[0], new byte[0], name, name, hierarchy,
                    SEED_COMPAT_LEVEL_ORIGINAL, hierarchy != TpmHandles.RH_NULL, true, true);
        } else {
            object = new LoadedObject(publicArea, sensitive.authValue(), sensitive.seedValue(), sensitive.sensitive(),
                    name, name, hierarchy, SEED_COMPAT_LEVEL_ORIGINAL, false, false, true);
        }
        int handle = state.objects().load(object);
        return writer -> writer.writeU32(handle).writeSized(name);
    }

    /** ObjectLoad without a parent: every key is validated. */
    private static void objectLoadChecks(TpmtPublic publicArea, TpmtSensitive sensitive) {
        KeyValidation.objectLoad(KeyValidation.Use.LOAD, null, publicArea, sensitive, IN_PUBLIC, IN_PRIVATE);
    }
}
