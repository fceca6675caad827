package org.swtpmjava.tpm.tpm2.state.libtpms;

import java.util.ArrayList;
import java.util.List;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.state.NvImage;
import org.swtpmjava.tpm.tpm2.state.StartupType;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.state.UnmodeledState;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmsNvPublic;

/**
 * The NV indices of NV (reference NVDynamic.c), kept where libtpms keeps them: as NV_INDEX
 * entries of the USER_NVRAM section (libtpms.md §4.8), like {@link PersistentObjects}. An entry
 * is the link word (4 + sizeof(NV_INDEX) 148 + data length), the handle, the NV_INDEX section
 * (TPMS_NV_PUBLIC, TPM2B_AUTH, future block) and the data. New entries go to the end of the list
 * (NvAdd), a removed entry's followers move up (NvDelete), a changed entry stays in place.
 * Orderly indices have an entry without data here; their attributes and data are in the RAM area
 * ({@link OrderlyIndexRam}).
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
     * NvGetIndexInfo: the index at {@code handle} as the TPM sees it now, or null. An orderly
     * index's attributes and data are those of its entry in the live RAM area
     * (s_indexOrderlyRam): libtpms substitutes the RAM attributes for those in NV, which stay as
     * they were at NV_DefineSpace.
     */
    public static Index find(TpmState state, int handle) {
        Index index = findInNv(state.nv().unmodeled(), handle);
        if (index != null && index.publicArea().has(TpmsNvPublic.ORDERLY)) {
            OrderlyIndexRam.Entry ram = state.orderlyRam().find(handle);
            if (ram != null) {
                index = new Index(index.publicArea().withAttributes(ram.attributes()), index.authValue(), ram.data());
            }
        }
        return index;
    }

    /** The NV_INDEX entry of {@code handle} as NV holds it (an orderly index without data), or null. */
    static Index findInNv(UnmodeledState carried, int handle) {
        for (UserNvramSection.Entry entry : UserNvramSection.contentOf(carried).entries()) {
            if (entry.isNvIndex() && entry.handle() == handle) {
                return parse(entry);
            }
        }
        return null;
    }

    /** All indices in NV order, orderly ones with their live attributes and data. */
    public static List<Index> all(TpmState state) {
        List<Index> result = new ArrayList<>();
        for (Index index : all(state.nv().unmodeled())) {
            result.add(find(state, index.publicArea().nvIndex()));
        }
        return result;
    }

    /**
     * NvWriteIndexData / NvWriteIndexAttributes / NvWriteIndexAuth: the index's new attributes,
     * authValue and data. An index that is not orderly is rewritten in NV; an orderly one has its
     * attributes and data written to the live RAM area only (NV sees them at the next
     * NvUpdateIndexOrderlyData), and only a new authValue goes to its NV entry.
     */
    public static void store(TpmState state, Index index) {
        NvImage nv = state.nv();
        TpmsNvPublic p = index.publicArea();
        if (!p.has(TpmsNvPublic.ORDERLY)) {
            nv.setUnmodeled(replace(nv.unmodeled(), index));
            return;
        }
        Index inNv = findInNv(nv.unmodeled(), p.nvIndex());
        if (!java.util.Arrays.equals(inNv.authValue(), index.authValue())) {
            nv.setUnmodeled(replace(nv.unmodeled(), new Index(inNv.publicArea(), index.authValue(), new byte[0])));
        }
        state.orderlyRam().setAttributes(p.nvIndex(), p.attributes());
        state.orderlyRam().writeData(p.nvIndex(), 0, index.data());
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
     * NvDefineIndex: TPM_RC_NV_SPACE if NvTestSpace refuses sizeof(NV_INDEX) + dataSize (an
     * orderly index takes no data space in NV), or, for an orderly index, if NvRamTestSpaceIndex
     * finds no room for its NV_RAM_HEADER and data in the RAM area; else the entry appended
     * (NvAdd), and for an orderly index a zeroed RAM entry with its attributes (NvAddRAM, which
     * asks for the RAM area to be written to NV: the caller requests UT_ORDERLY). The data of an
     * index that is not orderly are what the user NV area held there: the link word, handle and
     * NV_INDEX take the place of the old list terminator, so the data start 140 bytes after its end.
     */
    public static void add(TpmState state, TpmsNvPublic publicArea, byte[] authValue) {
        NvImage nv = state.nv();
        UnmodeledState carried = nv.unmodeled();
        CarriedNvUsage usage = CarriedNvUsage.of(carried);
        boolean counter = publicArea.type() == TpmsNvPublic.NT_COUNTER;
        boolean orderly = publicArea.has(TpmsNvPublic.ORDERLY);
        int dataInNv = orderly ? 0 : publicArea.dataSize();
        if (!usage.hasRoomForIndex(UserNvramSection.NV_INDEX_STRUCT_SIZE + dataInNv, counter)) {
            throw new TpmRcException(TpmRc.NV_SPACE);
        }
        if (orderly && !state.orderlyRam().hasRoomFor(publicArea.dataSize())) {
            throw new TpmRcException(TpmRc.NV_SPACE);
        }
        int headerAfterTerminator = 4 + UserNvramSection.NV_INDEX_STRUCT_SIZE - LIST_TERMINATOR;
        Index index = new Index(publicArea, authValue, nv.userNvTail(headerAfterTerminator, dataInNv));
        UserNvramSection.Content content = UserNvramSection.contentOf(carried);
        List<UserNvramSection.Entry> entries = new ArrayList<>(content.entries());
        entries.add(entry(index));
        nv.setUnmodeled(carried.withUserNvram(
                new UserNvramSection.Content(content.head(), entries, content.maxCount(), content.tail()).toBytes()));
        if (orderly) {
            state.orderlyRam().add(publicArea);
        }
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
     * NvDeleteIndex: the index at {@code handle} removed from NV, and from the live RAM area if it
     * is orderly (NvDeleteRAM; the caller then requests UT_ORDERLY); a written counter's value
     * (from RAM for an orderly one) raises maxCount if it is above it. Returns whether the index
     * was orderly.
     */
    public static boolean remove(TpmState state, int handle) {
        Index index = find(state, handle);
        boolean orderly = index != null && index.publicArea().has(TpmsNvPublic.ORDERLY);
        state.nv().setUnmodeled(remove(state.nv().unmodeled(), handle, index));
        if (orderly) {
            state.orderlyRam().remove(handle);
        }
        return orderly;
    }

    /**
     * The state without the index at {@code handle}; a written counter's value ({@code live}, the
     * index as the TPM sees it, or as NV holds it when null) raises maxCount (the highest value of
     * a deleted counter) if it is above it.
     */
    public static UnmodeledState remove(UnmodeledState carried, int handle, Index live) {
        UserNvramSection.Content nv = UserNvramSection.contentOf(carried);
        List<UserNvramSection.Entry> kept = new ArrayList<>();
        long maxCount = nv.maxCount();
        for (UserNvramSection.Entry entry : nv.entries()) {
            if (entry.isNvIndex() && entry.handle() == handle) {
                Index index = live != null ? live : parse(entry);
                byte[] data = index.data();
                if (index.publicArea().type() == TpmsNvPublic.NT_COUNTER && index.publicArea().has(TpmsNvPublic.WRITTEN)
                        && data.length == 8) {
                    long value = new TpmReader(data).readU64();
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

    /** NvSetStartupAttributes (NVDynamic.c) for a TPM Reset or Restart. */
    static int startupAttributes(int attributes, StartupType type) {
        attributes &= ~TpmsNvPublic.READLOCKED;
        boolean counter = ((attributes >>> 4) & 0xF) == TpmsNvPublic.NT_COUNTER;
        if (!counter && ((attributes & TpmsNvPublic.CLEAR_STCLEAR) != 0
                || ((attributes & TpmsNvPublic.ORDERLY) != 0 && type == StartupType.RESET))) {
            attributes &= ~TpmsNvPublic.WRITTEN;
        }
        if ((attributes & TpmsNvPublic.WRITTEN) == 0 || (attributes & TpmsNvPublic.WRITEDEFINE) == 0) {
            attributes &= ~TpmsNvPublic.WRITELOCKED;
        }
        return attributes;
    }

    /**
     * NvEntityStartup: the live RAM area read back from NV (every Startup, a Resume included);
     * then, at a TPM Reset or Restart, each index's attributes as NvSetStartupAttributes sets
     * them (in NV for the indices that are not orderly, in RAM for the orderly ones), and after
     * a non-orderly shutdown the orderly counters moved on to the end of their MAX_ORDERLY_COUNT
     * block (see {@link OrderlyIndexRam#startup}).
     */
    public static void startup(TpmState state, StartupType type, boolean previousShutdownNotOrderly) {
        NvImage nv = state.nv();
        state.setOrderlyRam(OrderlyIndexRam.fromSection(nv.unmodeled().indexOrderlyRam()));
        if (type == StartupType.RESUME) {
            return;
        }
        UnmodeledState carried = nv.unmodeled();
        for (Index index : all(carried)) {
            TpmsNvPublic p = index.publicArea();
            if (p.has(TpmsNvPublic.ORDERLY)) {
                continue;
            }
            int attributes = startupAttributes(p.attributes(), type);
            if (attributes != p.attributes()) {
                carried = replace(carried, index.withPublic(p.withAttributes(attributes)));
            }
        }
        nv.setUnmodeled(carried);
        state.orderlyRam().startup(type, previousShutdownNotOrderly);
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
