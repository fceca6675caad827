package org.swtpmjava.tpm.tpm2.state.libtpms;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.swtpmjava.tpm.tpm2.state.UnmodeledState;

/**
 * The NV block of the volatile blob (libtpms.md §4.10 item 6): s_evictNvEnd (u32), u16 512 and
 * the raw orderly-index RAM area in host byte order (libtpms.md §7.12), s_maxCounter (u64). The
 * engine has no NV indices, so the block is carried, or derived from the permanent state's carried
 * USER_NVRAM and INDEX_ORDERLY_RAM sections when there is no libtpms volatile blob.
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
     * The block for a TPM whose live NV RAM is what its permanent state holds (no volatile blob
     * from libtpms to take it from; the engine has no NV commands, so its RAM never moves on):
     * s_evictNvEnd is 0.9.2's constant, the RAM area holds the INDEX_ORDERLY_RAM entries with their u32 header
     * words (size, handle, attributes) in x86's little-endian order (libtpms.md §7.12), and
     * maxCounter is USER_NVRAM's maxCount.
     */
    static byte[] forPermanentState(UnmodeledState permall) {
        long maxCount = 0;
        byte[] ram = new byte[IndexOrderlyRamSection.AREA_SIZE];
        try {
            if (permall.userNvram() != null) {
                maxCount = UserNvramSection.parse(new NvMarshalReader(permall.userNvram())).maxCount();
            }
            if (permall.indexOrderlyRam() != null) {
                IndexOrderlyRamSection.Content orderly =
                        IndexOrderlyRamSection.parse(new NvMarshalReader(permall.indexOrderlyRam()));
                ByteBuffer area = ByteBuffer.wrap(ram).order(ByteOrder.LITTLE_ENDIAN);
                for (IndexOrderlyRamSection.Entry entry : orderly.entries()) {
                    ByteBuffer section = ByteBuffer.wrap(entry.bytes());
                    area.putInt(section.getInt()).putInt(section.getInt()).putInt(section.getInt()).put(entry.data());
                }
            }
        } catch (LibtpmsFormatException e) {
            throw new IllegalStateException("carried NV sections were checked when read", e);
        }
        NvMarshalWriter w = new NvMarshalWriter();
        w.openBlock(true).u32(EVICT_NV_END).u16(ram.length).bytes(ram).u64(maxCount).closeBlock();
        return w.toByteArray();
    }
}
