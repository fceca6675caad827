package org.swtpmjava.tpm.tpm2.state.libtpms;

import org.swtpmjava.tpm.tpm2.state.StateResetData;

/**
 * STATE_RESET_DATA (libtpms.md §4.6), versions 1 to 4; 0.9 writes version 4 (min 4). Version <= 3
 * wrote the context array as bytes, which implies the 8-bit context slot mask 0x00FF. The slot
 * mask (s_ContextSlotMask) is not part of the engine's model and is returned beside the data.
 */
final class StateResetSection {
    static final int MAGIC = 0x01102332;
    private static final int VERSION = 4;
    private static final int MAX_VALUE = PersistentDataSection.MAX_VALUE;
    static final int FULL_SLOT_MASK = 0xFFFF;
    private static final int BYTE_SLOT_MASK = 0x00FF;

    record Content(StateResetData data, int contextSlotMask) {
    }

    private StateResetSection() {
    }

    static Content read(NvMarshalReader r) throws LibtpmsFormatException {
        int version = r.header(MAGIC, VERSION, "STATE_RESET_DATA");
        StateResetData d = new StateResetData();
        d.setNullProof(r.tpm2b(MAX_VALUE, "nullProof"));
        d.setNullSeed(r.tpm2b(MAX_VALUE, "nullSeed"));
        d.setClearCount(r.u32());
        d.setObjectContextId(r.u64());
        int slots = r.u16();
        if (slots != StateResetData.CONTEXT_SLOTS) {
            throw new LibtpmsFormatException(LibtpmsRc.BAD_PARAMETER, "context array of " + slots + " slots");
        }
        int[] contextArray = new int[slots];
        int slotMask;
        if (version <= 3) {
            for (int i = 0; i < slots; i++) {
                contextArray[i] = r.u8();
            }
            slotMask = BYTE_SLOT_MASK;
        } else {
            for (int i = 0; i < slots; i++) {
                contextArray[i] = r.u16();
            }
            slotMask = r.u16();
            if (slotMask != FULL_SLOT_MASK && slotMask != BYTE_SLOT_MASK) {
                throw new LibtpmsFormatException(LibtpmsRc.BAD_PARAMETER, String.format("context slot mask 0x%04x", slotMask));
            }
        }
        d.setContextArray(contextArray);
        d.setContextCounter(r.u64());
        d.setCommandAuditDigest(r.tpm2b(MAX_VALUE, "commandAuditDigest"));
        d.setRestartCount(r.u32());
        d.setPcrCounter(r.u32());
        if (r.block(true, "STATE_RESET_DATA ECC commit data")) {
            d.setCommitCounter(r.u64());
            d.setCommitNonce(r.tpm2b(MAX_VALUE, "commitNonce"));
            int size = r.u16();
            if (size != StateResetData.COMMIT_ARRAY_SIZE) {
                throw new LibtpmsFormatException(LibtpmsRc.BAD_PARAMETER, "commitArray of " + size + " bytes");
            }
            d.setCommitArray(r.bytes(size));
        }
        d.setNullSeedCompat(0); // SEED_COMPAT_LEVEL_ORIGINAL unless the version 3 block says otherwise
        if (version >= 2 && r.block(version >= 3, "STATE_RESET_DATA version 3 or later")) {
            d.setNullSeedCompat(PersistentDataSection.readCompatLevel(r, "nullSeed"));
            r.block(false, "STATE_RESET_DATA version 4 or later");
        }
        return new Content(d, slotMask);
    }

    static void write(NvMarshalWriter w, StateResetData d, int contextSlotMask) {
        w.header(VERSION, MAGIC, VERSION);
        w.tpm2b(d.nullProof()).tpm2b(d.nullSeed()).u32(d.clearCount()).u64(d.objectContextId());
        int[] contextArray = d.contextArray();
        w.u16(contextArray.length);
        for (int slot : contextArray) {
            w.u16(slot);
        }
        // Like the C writer: a mask that was never set up is written as 0xFFFF.
        w.u16(contextSlotMask == BYTE_SLOT_MASK ? BYTE_SLOT_MASK : FULL_SLOT_MASK);
        w.u64(d.contextCounter()).tpm2b(d.commandAuditDigest()).u32(d.restartCount()).u32(d.pcrCounter());
        w.openBlock(true);
        w.u64(d.commitCounter()).tpm2b(d.commitNonce());
        w.u16(StateResetData.COMMIT_ARRAY_SIZE).bytes(d.commitArray());
        w.closeBlock();
        w.openBlock(true).u8(d.nullSeedCompat()).emptyFutureBlock().closeBlock();
    }
}
