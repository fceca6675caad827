package org.swtpmjava.tpm.tpm2.state.libtpms;

import org.swtpmjava.tpm.tpm2.state.UnmodeledState;

/**
 * The NV block of the volatile blob (libtpms.md §4.10 item 6): s_evictNvEnd (u32), u16 512 and
 * the raw orderly-index RAM area in host byte order (libtpms.md §7.12), s_maxCounter (u64). A
 * resumed TPM takes its live orderly-index RAM ({@link OrderlyIndexRam}) from it; the block
 * written is made from the live RAM, the carried (or 0.9.2's constant) s_evictNvEnd and
 * USER_NVRAM's maxCount.
 */
final class VolatileNvBlock {
    /**
     * s_evictNvEnd as 0.9.2's blobs have it, with or without NV indices and persistent objects
     * (it is set once at NV initialisation, not moved by the entries).
     */
    static final int EVICT_NV_END = 0x0002B2C0;

    private VolatileNvBlock() {
    }

    /** s_evictNvEnd of a carried block, or 0 if the block has none or does not parse. */
    static long evictNvEnd(byte[] block) {
        try {
            NvMarshalReader r = new NvMarshalReader(block);
            return r.block(true, "s_evictNvEnd") ? Integer.toUnsignedLong(r.u32()) : 0;
        } catch (LibtpmsFormatException e) {
            return 0;
        }
    }

    static byte[] read(NvMarshalReader r) throws LibtpmsFormatException {
        int start = r.position();
        if (r.block(true, "s_evictNvEnd")) {
            r.u32();
            int size = r.u16();
            if (size != IndexOrderlyRamSection.AREA_SIZE) {
                throw new LibtpmsFormatException(LibtpmsRc.BAD_PARAMETER, "s_indexOrderlyRam of " + size + " bytes");
            }
            r.skip(size);
            r.u64();
        }
        return r.consumedSince(start);
    }

    /**
     * The live orderly-index RAM area of a block read from a volatile blob, or null if the block
     * has none or its area does not walk as libtpms walks it.
     */
    static OrderlyIndexRam orderlyRam(byte[] block) {
        try {
            NvMarshalReader r = new NvMarshalReader(block);
            if (!r.block(true, "s_evictNvEnd")) {
                return null;
            }
            r.u32();
            return OrderlyIndexRam.fromHostArea(r.bytes(r.u16()));
        } catch (LibtpmsFormatException e) {
            return null;
        }
    }

    /**
     * The block for a running TPM: s_evictNvEnd of the carried block ({@code carriedBlock}, from
     * the libtpms volatile blob the TPM resumed from) or 0.9.2's constant, the live RAM area in
     * host order, and s_maxCounter, which libtpms keeps equal to USER_NVRAM's maxCount.
     */
    static byte[] forLiveState(byte[] carriedBlock, UnmodeledState permall, OrderlyIndexRam ram) {
        long evictNvEnd = carriedBlock == null ? 0 : evictNvEnd(carriedBlock);
        if (evictNvEnd == 0) {
            evictNvEnd = EVICT_NV_END;
        }
        long maxCount = 0;
        try {
            if (permall.userNvram() != null) {
                maxCount = UserNvramSection.parse(new NvMarshalReader(permall.userNvram())).maxCount();
            }
        } catch (LibtpmsFormatException e) {
            throw new IllegalStateException("carried NV sections were checked when read", e);
        }
        byte[] area = ram.toHostArea();
        NvMarshalWriter w = new NvMarshalWriter();
        w.openBlock(true).u32((int) evictNvEnd).u16(area.length).bytes(area).u64(maxCount).closeBlock();
        return w.toByteArray();
    }

}
