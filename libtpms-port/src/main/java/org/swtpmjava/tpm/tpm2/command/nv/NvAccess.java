package org.swtpmjava.tpm.tpm2.command.nv;

import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
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

    /**
     * NvGetIndexInfo: the index as the TPM sees it (an orderly index with the attributes and data
     * of its live RAM entry). The handle was checked by the executor, so it exists.
     */
    public static NvIndices.Index index(CommandContext context, int handle) {
        return NvIndices.find(context.state(), handle);
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
     * NvWriteIndexData: {@code bytes} at {@code offset}, TPMA_NV_WRITTEN set if it was not. An index
     * that is not orderly is written to NV; its first write starts from all 0xFF (what the data
     * area held before is not kept; observed on libtpms 0.9.2). An orderly index is written to
     * the live RAM area only and ends the orderly state (g_clearOrderly); at its first write an
     * ordinary orderly index starts from zeros, and an orderly counter has the RAM area written
     * to NV at the end of the command (UT_ORDERLY), so that NV knows the counter is written.
     */
    static void writeData(CommandContext context, NvIndices.Index index, int offset, byte[] bytes) {
        byte[] data = index.data().clone();
        TpmsNvPublic p = index.publicArea();
        boolean orderly = p.has(TpmsNvPublic.ORDERLY);
        if (!p.has(TpmsNvPublic.WRITTEN)) {
            if (!orderly) {
                java.util.Arrays.fill(data, (byte) 0xFF);
            } else if (p.type() == TpmsNvPublic.NT_COUNTER) {
                context.requestOrderlyRamUpdate();
            } else if (p.type() == TpmsNvPublic.NT_ORDINARY) {
                java.util.Arrays.fill(data, (byte) 0);
            }
        }
        System.arraycopy(bytes, 0, data, offset, bytes.length);
        store(context, index.withData(data).withPublic(p.withAttributes(p.attributes() | TpmsNvPublic.WRITTEN)));
        if (orderly) {
            context.clearOrderly();
        }
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

    /**
     * The index's new attributes, authValue or data (see {@link NvIndices#store}). Changes to an
     * orderly index's RAM entry do not need NV, libtpms does not commit them.
     */
    static void store(CommandContext context, NvIndices.Index index) {
        NvIndices.store(context.state(), index);
        if (!index.publicArea().has(TpmsNvPublic.ORDERLY)) {
            context.requestNvCommit();
        }
}
}
