package org.swtpmjava.tpm.tpm2.command.nv;

import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.state.libtpms.NvIndices;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmsNvPublic;

/**
 * The reference's NvWriteAccessChecks / NvReadAccessChecks (NV_spt.c) and the updates of an
 * index (NvWriteIndexData, NvWriteIndexAttributes). The authorization itself was checked by the
 * session code; here the authorizing handle must be one the attributes allow: the owner with
 * OWNERWRITE / OWNERREAD, the platform with PPWRITE / PPREAD, else the index itself
 * (TPM_RC_NV_AUTHORIZATION). Locks come first (TPM_RC_NV_LOCKED), an unwritten index cannot be
 * read (TPM_RC_NV_UNINITIALIZED, after the authorization checks).
 */
public final class NvAccess {
    private NvAccess() {
    }

    /** The handle area of the commands that take (authHandle, nvIndex) and no parameters. */
    record Handles(int authHandle, int nvIndex) {
        static Handles of(CommandArguments arguments) {
            return new Handles(arguments.handle(0), arguments.handle(1));
        }
    }

    static NvIndices.Index index(CommandContext context, int handle) {
        return NvIndices.find(context.state().nv().unmodeled(), handle);
    }

    /**
     * The index for a command that uses or changes its data or attributes. Orderly indices keep
     * them in libtpms' RAM area (INDEX_ORDERLY_RAM), which the engine does not model yet: such a
     * command answers TPM_RC_NV_UNAVAILABLE (libtpms would carry it out).
     */
    public static NvIndices.Index modelled(CommandContext context, int handle) {
        NvIndices.Index index = index(context, handle);
        if (index.publicArea().has(TpmsNvPublic.ORDERLY)) {
            throw new TpmRcException(TpmRc.NV_UNAVAILABLE);
        }
        return index;
    }

    static void checkWrite(int authHandle, NvIndices.Index index) {
        TpmsNvPublic p = index.publicArea();
        if (p.has(TpmsNvPublic.WRITELOCKED)) {
            throw new TpmRcException(TpmRc.NV_LOCKED);
        }
        checkRole(authHandle, p, TpmsNvPublic.OWNERWRITE, TpmsNvPublic.PPWRITE);
    }

    public static void checkRead(int authHandle, NvIndices.Index index) {
        TpmsNvPublic p = index.publicArea();
        if (p.has(TpmsNvPublic.READLOCKED)) {
            throw new TpmRcException(TpmRc.NV_LOCKED);
        }
        checkRole(authHandle, p, TpmsNvPublic.OWNERREAD, TpmsNvPublic.PPREAD);
        if (!p.has(TpmsNvPublic.WRITTEN)) {
            throw new TpmRcException(TpmRc.NV_UNINITIALIZED);
        }
    }

    private static void checkRole(int authHandle, TpmsNvPublic p, int ownerBit, int platformBit) {
        if (authHandle == TpmHandles.RH_OWNER) {
            if (!p.has(ownerBit)) {
                throw new TpmRcException(TpmRc.NV_AUTHORIZATION);
            }
        } else if (authHandle == TpmHandles.RH_PLATFORM) {
            if (!p.has(platformBit)) {
                throw new TpmRcException(TpmRc.NV_AUTHORIZATION);
            }
        } else if (authHandle != p.nvIndex()) {
            throw new TpmRcException(TpmRc.NV_AUTHORIZATION);
        }
    }

    /**
     * NvWriteIndexData: {@code bytes} at {@code offset}, TPMA_NV_WRITTEN set if it was not, and
     * the change written to NV. The first write of an index starts from all 0xFF (what the data
     * area held before is not kept; observed on libtpms 0.9.2).
     */
    static void writeData(CommandContext context, NvIndices.Index index, int offset, byte[] bytes) {
        byte[] data = index.data().clone();
        if (!index.publicArea().has(TpmsNvPublic.WRITTEN)) {
            java.util.Arrays.fill(data, (byte) 0xFF);
        }
        System.arraycopy(bytes, 0, data, offset, bytes.length);
        TpmsNvPublic p = index.publicArea();
        store(context, index.withData(data).withPublic(p.withAttributes(p.attributes() | TpmsNvPublic.WRITTEN)));
    }

    /** NvWriteUINT64Data: a counter, bit field or PIN value, big-endian. */
    static void writeU64(CommandContext context, NvIndices.Index index, long value) {
        writeData(context, index, 0, java.nio.ByteBuffer.allocate(8).putLong(value).array());
    }

    /** NvGetUINT64Data. */
    static long readU64(NvIndices.Index index) {
        return java.nio.ByteBuffer.wrap(index.data()).getLong();
    }

    /** NvWriteIndexAttributes. */
    static void writeAttributes(CommandContext context, NvIndices.Index index, int attributes) {
        store(context, index.withPublic(index.publicArea().withAttributes(attributes)));
    }

    static void store(CommandContext context, NvIndices.Index index) {
        TpmState state = context.state();
        state.nv().setUnmodeled(NvIndices.replace(state.nv().unmodeled(), index));
        context.requestNvCommit();
    }
}
