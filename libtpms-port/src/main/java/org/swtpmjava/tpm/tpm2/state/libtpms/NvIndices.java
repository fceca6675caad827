package org.swtpmjava.tpm.tpm2.state.libtpms;

import java.util.ArrayList;
import java.util.List;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.state.NvImage;
import org.swtpmjava.tpm.tpm2.state.UnmodeledState;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmsNvPublic;

/**
 * The NV indices of NV (reference NVDynamic.c), kept where libtpms keeps them: as NV_INDEX
 * entries of the USER_NVRAM section (libtpms.md §4.8), like {@link PersistentObjects}. An entry
 * is the link word (4 + sizeof(NV_INDEX) 148 + data length), the handle, the NV_INDEX section
 * (TPMS_NV_PUBLIC, TPM2B_AUTH, future block) and the data. New entries go to the end of the list
 * (NvAdd), a removed entry's followers move up (NvDelete), a changed entry stays in place.
 * Orderly indices, whose data are in INDEX_ORDERLY_RAM, are not handled here.
 */
public final class NvIndices {
    private static final int NV_INDEX_MAGIC = 0x2547265A;
    private static final int NV_INDEX_VERSION = 2;
    /** NV_LIST_TERMINATOR: u32 0 and u64 maxCount. */
    private static final int LIST_TERMINATOR = 12;

    /** An NV index: its public area (with TPMA_NV as it stands), its authValue and its data. */
    public record Index(TpmsNvPublic publicArea, byte[] authValue, byte[] data) {
        public Index withPublic(TpmsNvPublic value) {
            return new Index(value, authValue, data);
        }

        public Index withData(byte[] value) {
            return new Index(publicArea, authValue, value);
        }
    }

    private NvIndices() {
    }

    /**
     * NvGetIndexInfo: the index at {@code handle}, or null. An orderly index's attributes are
     * those of its INDEX_ORDERLY_RAM entry (libtpms keeps them, and its data, in RAM); its data
     * are left empty, the engine does not model them.
     */
    public static Index find(UnmodeledState carried, int handle) {
        for (UserNvramSection.Entry entry : UserNvramSection.contentOf(carried).entries()) {
            if (entry.isNvIndex() && entry.handle() == handle) {
                Index index = parse(entry);
                if (index.publicArea().has(TpmsNvPublic.ORDERLY)) {
                    Integer ramAttributes = orderlyRamAttributes(carried, handle);
                    if (ramAttributes != null) {
                        index = index.withPublic(index.publicArea().withAttributes(ramAttributes));
                    }
                }
                return index;
            }
        }
        return null;
    }

    private static Integer orderlyRamAttributes(UnmodeledState carried, int handle) {
        if (carried.indexOrderlyRam() == null) {
            return null;
        }
        try {
            for (IndexOrderlyRamSection.Entry entry
                    : IndexOrderlyRamSection.parse(new NvMarshalReader(carried.indexOrderlyRam())).entries()) {
                if (entry.handle() == handle) {
                    return new TpmReader(entry.bytes(), 8, 4).readU32();
                }
            }
            return null;
        } catch (LibtpmsFormatException e) {
            throw new IllegalStateException("carried orderly RAM no longer parses: " + e.getMessage(), e);
        }
    }

    /** NvReadMaxCount: the highest value a deleted counter had. */
    public static long maxCount(UnmodeledState carried) {
        return UserNvramSection.contentOf(carried).maxCount();
    }

    /** All indices in NV order. */
    public static List<Index> all(UnmodeledState carried) {
        List<Index> result = new ArrayList<>();
        for (UserNvramSection.Entry entry : UserNvramSection.contentOf(carried).entries()) {
            if (entry.isNvIndex()) {
                result.add(parse(entry));
            }
        }
        return result;
    }

    /**
     * NvDefineIndex for an index that is not orderly: TPM_RC_NV_SPACE if NvTestSpace refuses
     * sizeof(NV_INDEX) + dataSize; else the entry appended (NvAdd). Its data are what the user NV
     * area held there: the link word, handle and NV_INDEX take the place of the old list
     * terminator, so the data start 140 bytes after its end.
     */
    public static void add(NvImage nv, TpmsNvPublic publicArea, byte[] authValue) {
        UnmodeledState carried = nv.unmodeled();
        CarriedNvUsage usage = CarriedNvUsage.of(carried);
        boolean counter = publicArea.type() == TpmsNvPublic.NT_COUNTER;
        if (!usage.hasRoomForIndex(UserNvramSection.NV_INDEX_STRUCT_SIZE + publicArea.dataSize(), counter)) {
            throw new TpmRcException(TpmRc.NV_SPACE);
        }
        int headerAfterTerminator = 4 + UserNvramSection.NV_INDEX_STRUCT_SIZE - LIST_TERMINATOR;
        Index index = new Index(publicArea, authValue, nv.userNvTail(headerAfterTerminator, publicArea.dataSize()));
        UserNvramSection.Content content = UserNvramSection.contentOf(carried);
        List<UserNvramSection.Entry> entries = new ArrayList<>(content.entries());
        entries.add(entry(index));
        nv.setUnmodeled(carried.withUserNvram(
                new UserNvramSection.Content(content.head(), entries, content.maxCount(), content.tail()).toBytes()));
    }

    /** The index rewritten in place (attributes, authValue or data changed). */
    public static UnmodeledState replace(UnmodeledState carried, Index index) {
        UserNvramSection.Content nv = UserNvramSection.contentOf(carried);
        List<UserNvramSection.Entry> entries = new ArrayList<>();
        for (UserNvramSection.Entry entry : nv.entries()) {
            boolean same = entry.isNvIndex() && entry.handle() == index.publicArea().nvIndex();
            entries.add(same ? entry(index) : entry);
        }
        return carried.withUserNvram(
                new UserNvramSection.Content(nv.head(), entries, nv.maxCount(), nv.tail()).toBytes());
    }

    /**
     * NvDeleteIndex: the state without the index at {@code handle}; a written counter's value raises
     * maxCount (the highest value of a deleted counter) if it is above it.
     */
    public static UnmodeledState remove(UnmodeledState carried, int handle) {
        UserNvramSection.Content nv = UserNvramSection.contentOf(carried);
        List<UserNvramSection.Entry> kept = new ArrayList<>();
        long maxCount = nv.maxCount();
        for (UserNvramSection.Entry entry : nv.entries()) {
            if (entry.isNvIndex() && entry.handle() == handle) {
                Index index = parse(entry);
                if (index.publicArea().type() == TpmsNvPublic.NT_COUNTER && index.publicArea().has(TpmsNvPublic.WRITTEN)
                        && index.data().length == 8) {
                    long value = new TpmReader(index.data()).readU64();
                    if (Long.compareUnsigned(value, maxCount) > 0) {
                        maxCount = value;
                    }
                }
            } else {
                kept.add(entry);
            }
        }
        return carried.withUserNvram(new UserNvramSection.Content(nv.head(), kept, maxCount, nv.tail()).toBytes());
    }

    /**
     * NvEntityStartup at a TPM Reset or Restart, for the indices that are not orderly
     * (NvSetStartupAttributes): READLOCKED cleared; WRITTEN cleared for a non-counter with
     * CLEAR_STCLEAR; WRITELOCKED cleared unless the index is written and WRITEDEFINE.
     */
    public static void startup(NvImage nv) {
        UnmodeledState carried = nv.unmodeled();
        for (Index index : all(carried)) {
            TpmsNvPublic p = index.publicArea();
            if (p.has(TpmsNvPublic.ORDERLY)) {
                continue;
            }
            int attributes = p.attributes() & ~TpmsNvPublic.READLOCKED;
            if (p.type() != TpmsNvPublic.NT_COUNTER && p.has(TpmsNvPublic.CLEAR_STCLEAR)) {
                attributes &= ~TpmsNvPublic.WRITTEN;
            }
            if ((attributes & TpmsNvPublic.WRITTEN) == 0 || !p.has(TpmsNvPublic.WRITEDEFINE)) {
                attributes &= ~TpmsNvPublic.WRITELOCKED;
            }
            if (attributes != p.attributes()) {
                carried = replace(carried, index.withPublic(p.withAttributes(attributes)));
            }
        }
        nv.setUnmodeled(carried);
    }

    private static UserNvramSection.Entry entry(Index index) {
        TpmsNvPublic p = index.publicArea();
        byte[] data = p.has(TpmsNvPublic.ORDERLY) ? new byte[0] : index.data();
        NvMarshalWriter w = new NvMarshalWriter()
                .u32(4 + UserNvramSection.NV_INDEX_STRUCT_SIZE + data.length)
                .u32(p.nvIndex())
                .header(NV_INDEX_VERSION, NV_INDEX_MAGIC, 1)
                .bytes(p.toBytes())
                .tpm2b(index.authValue())
                .emptyFutureBlock()
                .u32(data.length)
                .bytes(data);
        return new UserNvramSection.Entry(p.nvIndex(), w.toByteArray(), p.attributes(), data, 0);
    }

    private static Index parse(UserNvramSection.Entry entry) {
        try {
            NvMarshalReader r = new NvMarshalReader(entry.bytes());
            r.u32(); // link
            r.u32(); // handle
            int version = r.header(NV_INDEX_MAGIC, NV_INDEX_VERSION, "NV_INDEX");
            int nvIndex = r.u32();
            int nameAlg = r.u16();
            int attributes = r.u32();
            byte[] authPolicy = r.tpm2b(PersistentDataSection.MAX_VALUE, "NV authPolicy");
            int dataSize = r.u16();
            byte[] authValue = r.tpm2b(PersistentDataSection.MAX_VALUE, "NV authValue");
            if (version >= 2) {
                r.block(false, "NV_INDEX future versions");
            }
            byte[] data = r.bytes(Integer.toUnsignedLong(r.u32()));
            return new Index(new TpmsNvPublic(nvIndex, nameAlg, attributes, authPolicy, dataSize), authValue, data);
        } catch (LibtpmsFormatException e) {
            throw new IllegalStateException("NV index no longer parses: " + e.getMessage(), e);
        }
    }
}
