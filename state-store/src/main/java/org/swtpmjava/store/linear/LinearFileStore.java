package org.swtpmjava.store.linear;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.swtpmjava.store.StateKind;
import org.swtpmjava.store.StateStore;
import org.swtpmjava.store.StateStoreException;
import org.swtpmjava.store.StoreResults;
import org.swtpmjava.store.format.StateObjectCodec;

/**
 * swtpm's linear backend, {@code backend-uri=file://<path>} (swtpm-protocol.md §5.4): all state
 * objects in one regular file or block device behind a 192-byte header, each slot holding the
 * complete object the dir backend would write as a file (§5.2), so files move between the C
 * swtpm and this store in both directions.
 *
 * <p>Layout rules, as swtpm applies them: a new object is appended after the highest section with
 * a power-of-two section; an update that fits its section is written in place; one that does not
 * is removed and appended again; removal moves all later sections forward and shrinks the file.
 * A file without the magic is formatted on open.
 *
 * <p>Durability, where this store is better than swtpm: swtpm overwrites objects in place and
 * moves sections with memmove, so a crash in the middle leaves a torn object. Here an object's
 * bytes are written and forced before the header that points to them, and whatever would
 * overwrite live bytes (an update in place, sections moved forward) first goes to a staged copy
 * past the end of all sections that the header points to meanwhile; the header (192 bytes at
 * offset 0) is the only thing that switches between complete layouts. The file ends with
 * swtpm's layout and size. A block device without room for a staged copy is written in place,
 * as by swtpm.
 *
 * <p>swtpm maps the file shared, so it always sees what another process (a migration peer on
 * shared storage) wrote; this store likewise re-reads the header and the file size before every
 * operation instead of trusting a copy from the last one.
 *
 * <p>Hostile headers (slots outside the file, overlapping the header, sections that would end
 * beyond 4 GiB) are reported as TPM_FAIL instead of being followed.
 */
public final class LinearFileStore implements StateStore {
    /** Refuse objects beyond this size; libtpms state is a few KiB to a few hundred KiB. */
    static final long MAX_OBJECT_SIZE = 64L * 1024 * 1024;
    private static final String URI_SCHEME = "file://";

    private final LinearDevice device;
    private final LinearStoreOptions options;
    private final StateObjectCodec codec;
    private final boolean formattedOnOpen;
    private LinearHeader header;

    private LinearFileStore(LinearDevice device, LinearStoreOptions options, LinearHeader header, boolean formatted) {
        this.device = device;
        this.options = options;
        this.codec = new StateObjectCodec(options.encryption());
        this.header = header;
        this.formattedOnOpen = formatted;
    }

    /** The path of a {@code file://} URI (swtpm strips the prefix if present). */
    public static Path pathOf(String uri) {
        return Path.of(uri.startsWith(URI_SCHEME) ? uri.substring(URI_SCHEME.length()) : uri);
    }

    /** Opens {@code options.uri()}, creating and formatting the file as swtpm's prepare step does. */
    public static LinearFileStore open(LinearStoreOptions options) throws StateStoreException {
        return open(pathOf(options.uri()), options);
    }

    /** Opens the file or block device at {@code path}; formats it if the magic is missing. */
    public static LinearFileStore open(Path path, LinearStoreOptions options) throws StateStoreException {
        LinearDevice device = LinearDevice.open(path, options.mode().orElse(LinearStoreOptions.DEFAULT_MODE),
                options.mode().isPresent());
        try {
            LinearHeader header = LinearHeader.parse(device.read(0, LinearHeader.SIZE));
            boolean formatted = false;
            if (!header.hasMagic()) {
                header = LinearHeader.formatted();
                device.write(0, header.toBytes());
                device.force();
                formatted = true;
            } else if (header.version() > LinearHeader.VERSION) {
                throw LinearDevice.fail("SWTPM_NVRAM_PrepareLinear: Unknown format version: " + header.version(), null);
            }
            return new LinearFileStore(device, options, header, formatted);
        } catch (StateStoreException | RuntimeException e) {
            device.close();
            throw e;
        }
    }

    /** True if opening found no magic and wrote a fresh header (swtpm logs "Formatting '<uri>' as new linear NVRAM store"). */
    public boolean formattedOnOpen() {
        return formattedOnOpen;
    }

    /** The message swtpm logs when it formats the store. */
    public String formatNotice() {
        return "Formatting '" + options.uri() + "' as new linear NVRAM store";
    }

    @Override
    public synchronized Optional<byte[]> load(StateKind kind) throws StateStoreException {
        Optional<byte[]> object = loadRaw(kind);
        if (object.isEmpty()) {
            return object;
        }
        return Optional.of(StateObjectCodec.decode(object.get(), options.fileKey().orElse(null)));
    }

    /** The slot's bytes as stored (swtpm header included, still encrypted), or empty if unused. */
    public synchronized Optional<byte[]> loadRaw(StateKind kind) throws StateStoreException {
        refresh();
        LinearSlot slot = header.slot(slotIndex(kind));
        if (!slot.used()) {
            return Optional.empty();
        }
        if (slot.offset() < LinearHeader.SIZE || slot.offset() + slot.dataLength() > device.size()
                || slot.dataLength() > MAX_OBJECT_SIZE) {
            throw corrupt("slot " + slotIndex(kind) + " (offset " + slot.offset() + ", length "
                    + slot.dataLength() + ") lies outside the data area");
        }
        return Optional.of(device.read(slot.offset(), (int) slot.dataLength()));
    }

    @Override
    public synchronized void store(StateKind kind, byte[] plain) throws StateStoreException {
        writeObject(slotIndex(kind), codec.encode(plain, options.fileKey().orElse(null)));
    }

    /** Stores already wrapped object bytes in the slot of {@code kind} (tests, tools). */
    synchronized void storeRaw(StateKind kind, byte[] object) throws StateStoreException {
        writeObject(slotIndex(kind), object);
    }

    @Override
    public synchronized void delete(StateKind kind) throws StateStoreException {
        refresh();
        int index = slotIndex(kind);
        LinearSlot old = header.slot(index);
        if (!old.used()) {
            return;
        }
        long sizeBefore = device.size();
        List<Integer> later = laterSections(header, old);
        if (later.isEmpty() || canStage(0, stagedLength(later))) {
            // Unpublish first: from here on the old section is free space, and every move below
            // goes through a staged copy.
            LinearHeader next = header.copy();
            next.setSlot(index, LinearSlot.UNUSED);
            publish(next);
            moveForward(later, old.sectionLength());
        } else {
            LinearHeader next = header.copy();
            removeSection(next, index);
            publish(next);
        }
        // swtpm shrinks by the removed section from the current length (a no-op on a block device);
        // never below the end of the remaining sections, which a hostile header could ask for
        long shrunk = sizeBefore - old.sectionLength();
        device.resize(shrunk >= header.endOfSections() ? shrunk : sizeBefore);
        device.force();
    }

    @Override
    public synchronized OptionalLong storedSize(StateKind kind) throws StateStoreException {
        refresh();
        LinearSlot slot = header.slot(slotIndex(kind));
        return slot.used() ? OptionalLong.of(slot.dataLength()) : OptionalLong.empty();
    }

    @Override
    public synchronized void lock(int retries) throws StateStoreException {
        if (!options.locking() || device.isLocked()) {
            return;
        }
        if (!device.lock(retries)) {
            throw LinearDevice.fail("SWTPM_NVRAM_LinearFile_Lock: Could not lock backend-uri " + options.uri()
                    + ": Resource temporarily unavailable", null);
        }
    }

    @Override
    public synchronized void unlock() {
        device.unlock();
    }

    @Override
    public synchronized boolean isLocked() {
        return device.isLocked();
    }

    @Override
    public synchronized void close() {
        device.close();
    }

    /**
     * Writes an object where swtpm would put it, so the file's layout stays swtpm's; but where
     * swtpm overwrites live bytes (an update in place, the sections moved forward when one is
     * removed), the object is first staged past the end of all sections and the header pointed
     * at the staged copy, so that at every instant the header names complete objects. Only a
     * block device without room for the staged copy is written in place, as swtpm does.
     */
    private void writeObject(int index, byte[] object) throws StateStoreException {
        refresh();
        long size = object.length;
        long sizeBefore = device.size();
        LinearSlot slot = header.slot(index);
        if (!slot.used()) {
            // appended past every section: no live byte is overwritten
            LinearHeader next = header.copy();
            allocate(next, index, size);
            device.write(next.slot(index).offset(), object);
            device.force();
            publish(next);
        } else if (size <= slot.sectionLength()) {
            requireInsideData(index, slot.offset(), slot.sectionLength());
            LinearSlot target = slot.withDataLength(size);
            if (canStage(0, size)) {
                stage(index, object, 0);
                place(index, object, target);
                device.resize(sizeBefore);
                device.force();
            } else {
                LinearHeader next = header.copy();
                next.setSlot(index, target);
                device.write(target.offset(), object);
                device.force();
                publish(next);
            }
        } else {
            // Check the final size before moving anything, so a too small block device leaves the file as it was.
            long section = SectionSize.forObject(size);
            long finalEnd = header.endOfSections() - slot.sectionLength() + section;
            device.requireFits(finalEnd);
            List<Integer> later = laterSections(header, slot);
            if (canStage(finalEnd, size + stagedLength(later))) {
                stage(index, object, finalEnd);
                moveForward(later, slot.sectionLength());
                LinearHeader rest = header.copy();
                rest.setSlot(index, LinearSlot.UNUSED);
                long end = rest.endOfSections();
                place(index, object, new LinearSlot(end, size, section));
                device.resize(end + section);
                device.force();
            } else {
                LinearHeader next = header.copy();
                removeSection(next, index);
                allocate(next, index, size);
                device.write(next.slot(index).offset(), object);
                device.force();
                publish(next);
            }
        }
    }

    /** Writes the header and forces it: the one write that switches from one complete layout to the next. */
    private void publish(LinearHeader next) throws StateStoreException {
        device.write(0, next.toBytes());
        device.force();
        header = next;
    }

    /**
     * Where a staged copy goes: past every section the header names (staged copies included, so
     * a second one never lands on the first) and past {@code notBelow}.
     */
    private long stagingOffset(long notBelow) {
        return Math.max(header.endOfSections(), notBelow);
    }

    /** A regular file can always grow for a staged copy; a block device only within its size. */
    private boolean canStage(long notBelow, long length) {
        long end = stagingOffset(notBelow) + SectionSize.forObject(length);
        return end <= LinearDevice.MAX_END && (device.resizable() || end <= device.size());
    }

    /** Room for staged copies of the sections in {@code indices} (an upper bound: one at a time is live). */
    private long stagedLength(List<Integer> indices) {
        long total = 0;
        for (int i : indices) {
            total += SectionSize.forObject(header.slot(i).dataLength());
        }
        return total;
    }

    /** Copies {@code data} past everything and points slot {@code index} at the copy. */
    private void stage(int index, byte[] data, long notBelow) throws StateStoreException {
        long offset = stagingOffset(notBelow);
        long section = SectionSize.forObject(data.length);
        device.resize(offset + section);
        device.write(offset, data);
        device.force();
        LinearHeader next = header.copy();
        next.setSlot(index, new LinearSlot(offset, data.length, section));
        publish(next);
    }

    /** Writes {@code data} at {@code target}, which no published slot covers, and points slot {@code index} there. */
    private void place(int index, byte[] data, LinearSlot target) throws StateStoreException {
        device.write(target.offset(), data);
        device.force();
        LinearHeader next = header.copy();
        next.setSlot(index, target);
        publish(next);
    }

    /**
     * swtpm's RemoveFile move, object by object in offset order, each through a staged copy: a
     * section's new place overlaps only freed space and its own old place, which its staged copy
     * has freed.
     */
    private void moveForward(List<Integer> later, long distance) throws StateStoreException {
        for (int i : later) {
            LinearSlot s = header.slot(i);
            byte[] data = device.read(s.offset(), Math.toIntExact(s.dataLength()));
            stage(i, data, 0);
            place(i, data, s.withOffset(s.offset() - distance));
        }
    }

    /** The used slots after {@code removed}, in offset order, validated before anything moves. */
    private List<Integer> laterSections(LinearHeader h, LinearSlot removed) throws StateStoreException {
        List<Integer> later = new ArrayList<>();
        for (int i = 0; i < LinearHeader.SLOT_COUNT; i++) {
            LinearSlot s = h.slot(i);
            if (s.used() && s.offset() > removed.offset()) {
                if (s.offset() - removed.sectionLength() < LinearHeader.SIZE) {
                    throw corrupt("slot " + i + " would move into the header");
                }
                if (s.offset() + s.dataLength() > device.size() || s.dataLength() > MAX_OBJECT_SIZE) {
                    throw corrupt("sections to move lie outside the file");
                }
                later.add(i);
            }
        }
        later.sort(Comparator.comparingLong(i -> h.slot(i).offset()));
        return later;
    }

    /** swtpm's AllocFile: a power-of-two section after the highest one; the file ends right after it. */
    private void allocate(LinearHeader next, int index, long size) throws StateStoreException {
        long offset = next.endOfSections();
        long section = SectionSize.forObject(size);
        device.resize(offset + section);
        next.setSlot(index, new LinearSlot(offset, size, section));
    }

    /**
     * swtpm's RemoveFile without the resize: clears the slot, moves every later section forward by
     * the removed section's length and fixes their offsets. Validates before moving any byte.
     */
    private void removeSection(LinearHeader next, int index) throws StateStoreException {
        LinearSlot old = next.slot(index);
        next.setSlot(index, LinearSlot.UNUSED);
        long nextOffset = Long.MAX_VALUE;
        long stateEnd = 0;
        for (int i = 0; i < LinearHeader.SLOT_COUNT; i++) {
            LinearSlot s = next.slot(i);
            if (!s.used() || s.offset() <= old.offset()) {
                continue;
            }
            nextOffset = Math.min(nextOffset, s.offset());
            stateEnd = Math.max(stateEnd, s.sectionEnd());
            long moved = s.offset() - old.sectionLength();
            if (moved < LinearHeader.SIZE) {
                throw corrupt("slot " + i + " would move into the header");
            }
            next.setSlot(i, s.withOffset(moved));
        }
        if (nextOffset == Long.MAX_VALUE) {
            return;
        }
        if (old.offset() < LinearHeader.SIZE || stateEnd > device.size() || stateEnd - nextOffset > MAX_OBJECT_SIZE * 4) {
            throw corrupt("sections to move lie outside the file");
        }
        device.move(nextOffset, old.offset(), stateEnd - nextOffset);
    }

    /** Re-reads header and size (see the class comment); a header that lost its magic meanwhile is corrupt. */
    private void refresh() throws StateStoreException {
        device.refreshSize();
        if (device.size() < LinearHeader.SIZE) {
            throw corrupt("the file shrank below the header size");
        }
        LinearHeader current = LinearHeader.parse(device.read(0, LinearHeader.SIZE));
        if (!current.hasMagic() || current.version() > LinearHeader.VERSION) {
            throw corrupt("the header changed its magic or version");
        }
        header = current;
    }

    private void requireInsideData(int index, long offset, long length) throws StateStoreException {
        if (offset < LinearHeader.SIZE || offset + length > device.size()) {
            throw corrupt("slot " + index + " (offset " + offset + ", section " + length + ") lies outside the data area");
        }
    }

    private StateStoreException corrupt(String what) {
        return new StateStoreException(StoreResults.FAIL, "Corrupt linear state in " + options.uri() + ": " + what);
    }

    /** Slot 0 permall, 1 volatilestate, 2 savestate (swtpm-protocol.md §5.4). */
    static int slotIndex(StateKind kind) {
        switch (kind) {
            case PERMANENT:
                return 0;
            case VOLATILE:
                return 1;
            case SAVESTATE:
                return 2;
            default:
                throw new IllegalArgumentException(String.valueOf(kind));
        }
    }
}
