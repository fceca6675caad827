package org.swtpmjava.tpm.tpm2.command.nv;

import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.session.EntityAuth;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.state.libtpms.NvIndices;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmsNvPublic;

/**
 * TPM2_NV_DefineSpace (Part 3 §31.3): authHandle (TPMI_RH_PROVISION, USER) defines the index
 * publicInfo with authValue auth. Checks in the reference's order: policy and authValue sizes
 * against the nameAlg (TPM_RC_SIZE), phEnableNV (TPM_RC_HIERARCHY), the type and the size it
 * allows, per-type attribute rules, no lock or WRITTEN bit, a way to read and to write, no
 * CLEAR_STCLEAR with WRITEDEFINE, PLATFORMCREATE matching the creator, POLICY_DELETE only by the
 * platform, WRITEALL only up to MAX_NV_BUFFER_SIZE; then TPM_RC_NV_DEFINED and TPM_RC_NV_SPACE
 * (for an orderly index also when the RAM area, RAM_INDEX_SPACE = 512 bytes, has no room for its
 * 12-byte NV_RAM_HEADER and data).
 */
public final class NvDefineSpace implements TpmCommand<NvDefineSpace.In> {
    /** MAX_NV_BUFFER_SIZE of libtpms 0.9. */
    static final int MAX_NV_BUFFER_SIZE = 1024;

    public record In(int authHandle, byte[] auth, TpmsNvPublic publicInfo) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] auth = arguments.parameters().next(reader -> reader.readSized(Hashes.MAX_DIGEST_SIZE));
        TpmsNvPublic publicInfo = arguments.parameters().next(TpmsNvPublic::unmarshalSized);
        return new In(arguments.handle(0), auth, publicInfo);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        TpmsNvPublic p = in.publicInfo();
        int nameSize = Hashes.digestSize(p.nameAlg());
        if (p.authPolicy().length != 0 && p.authPolicy().length != nameSize) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.SIZE, 2));
        }
        byte[] auth = EntityAuth.removeTrailingZeros(in.auth());
        if (auth.length > nameSize) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.SIZE, 1));
        }
        TpmState state = context.state();
        if (in.authHandle() == TpmHandles.RH_PLATFORM && !state.clearData().phEnableNv()) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.HIERARCHY, 1));
        }
        checkTypeAndSize(p, nameSize);
        checkAttributes(p, in.authHandle());
        if (NvIndices.find(state, p.nvIndex()) != null) {
            throw new TpmRcException(TpmRc.NV_DEFINED);
        }
        NvIndices.add(state, p, auth);
        context.requestNvCommit();
        if (p.has(TpmsNvPublic.ORDERLY)) {
            context.requestOrderlyRamUpdate(); // NvAddRAM: SET_NV_UPDATE(UT_ORDERLY)
        }
        return CommandOutput.NONE;
    }

    private static void checkTypeAndSize(TpmsNvPublic p, int nameSize) {
        switch (p.type()) {
            case TpmsNvPublic.NT_ORDINARY:
                if (p.dataSize() > TpmsNvPublic.MAX_NV_INDEX_SIZE) {
                    throw publicInfo(TpmRc.SIZE);
                }
                break;
            case TpmsNvPublic.NT_EXTEND:
                if (p.dataSize() != nameSize) {
                    throw publicInfo(TpmRc.SIZE);
                }
                break;
            case TpmsNvPublic.NT_COUNTER:
            case TpmsNvPublic.NT_BITS:
            case TpmsNvPublic.NT_PIN_FAIL:
            case TpmsNvPublic.NT_PIN_PASS:
                if (p.dataSize() != 8) {
                    throw publicInfo(TpmRc.SIZE);
                }
                break;
            default:
                throw publicInfo(TpmRc.ATTRIBUTES);
        }
    }

    private static void checkAttributes(TpmsNvPublic p, int authHandle) {
        switch (p.type()) {
            case TpmsNvPublic.NT_COUNTER:
                if (p.has(TpmsNvPublic.CLEAR_STCLEAR)) {
                    throw publicInfo(TpmRc.ATTRIBUTES);
                }
                break;
            case TpmsNvPublic.NT_PIN_FAIL:
                if (!p.has(TpmsNvPublic.NO_DA)) {
                    throw publicInfo(TpmRc.ATTRIBUTES);
                }
                checkPinWrite(p);
                break;
            case TpmsNvPublic.NT_PIN_PASS:
                checkPinWrite(p);
                break;
            default:
                break;
        }
        if (p.has(TpmsNvPublic.WRITTEN) || p.has(TpmsNvPublic.WRITELOCKED) || p.has(TpmsNvPublic.READLOCKED)) {
            throw publicInfo(TpmRc.ATTRIBUTES);
        }
        if (!p.has(TpmsNvPublic.OWNERREAD) && !p.has(TpmsNvPublic.PPREAD) && !p.has(TpmsNvPublic.AUTHREAD)
                && !p.has(TpmsNvPublic.POLICYREAD)) {
            throw publicInfo(TpmRc.ATTRIBUTES);
        }
        if (!p.has(TpmsNvPublic.OWNERWRITE) && !p.has(TpmsNvPublic.PPWRITE) && !p.has(TpmsNvPublic.AUTHWRITE)
                && !p.has(TpmsNvPublic.POLICYWRITE)) {
            throw publicInfo(TpmRc.ATTRIBUTES);
        }
        if (p.has(TpmsNvPublic.CLEAR_STCLEAR) && p.has(TpmsNvPublic.WRITEDEFINE)) {
            throw publicInfo(TpmRc.ATTRIBUTES);
        }
        boolean platformCreate = p.has(TpmsNvPublic.PLATFORMCREATE);
        boolean byPlatform = authHandle == TpmHandles.RH_PLATFORM;
        if (platformCreate != byPlatform) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.ATTRIBUTES, 1));
        }
        if (p.has(TpmsNvPublic.POLICY_DELETE) && !byPlatform) {
            throw publicInfo(TpmRc.ATTRIBUTES);
        }
        if (p.dataSize() > MAX_NV_BUFFER_SIZE && p.has(TpmsNvPublic.WRITEALL)) {
            throw publicInfo(TpmRc.SIZE);
        }
    }

    /** A PIN index is written by its owner, the platform or a policy: never with its authValue. */
    private static void checkPinWrite(TpmsNvPublic p) {
        if (p.has(TpmsNvPublic.AUTHWRITE) || p.has(TpmsNvPublic.GLOBALLOCK) || p.has(TpmsNvPublic.WRITEDEFINE)) {
            throw publicInfo(TpmRc.ATTRIBUTES);
        }
    }

    private static TpmRcException publicInfo(int rc) {
        return new TpmRcException(ResponseCodes.parameter(rc, 2));
    }
}
