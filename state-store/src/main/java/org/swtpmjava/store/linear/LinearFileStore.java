package org.swtpmjava.store.linear;

import java.nio.file.Path;
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
 * <p>Durability: like swtpm, writes are in place and not crash-atomic. Cheap improvements over
 * swtpm: an object's bytes are written and forced before the header that points to them, so an
 * appended object is never published half-written; everything is forced (fsync) after each change
 * (swtpm msyncs too). A crash while sections are moved or an object is overwritten in place can
 * still leave a damaged object, as with swtpm.
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
        LinearHeader next = header.copy();
        removeSection(next, index);
        device.write(0, next.toBytes());
        device.force();
        header = next;
        // swtpm shrinks by the removed section from the current length (a no-op on a block device);
        // never below the end of the remaining sections, which a hostile header could ask for
        long shrunk = device.size() - old.sectionLength();
        if (shrunk >= next.endOfSections()) {
            device.resize(shrunk);
            device.force();
        }
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

    private void writeObject(int index, byte[] object) throws StateStoreException {
        refresh();
        long size = object.length;
        LinearHeader next = header.copy();
        LinearSlot slot = next.slot(index);
        if (!slot.used()) {
            allocate(next, index, size);
        } else if (size > slot.sectionLength()) {
            // Check the final size before moving anything, so a too small block device leaves the file as it was.
            device.requireFits(next.endOfSections() - slot.sectionLength() + SectionSize.forObject(size));
            removeSection(next, index);
            allocate(next, index, size);
        } else {
            requireInsideData(index, slot.offset(), slot.sectionLength());
            if (size != slot.dataLength()) {
                next.setSlot(index, slot.withDataLength(size));
            }
        }
        // Object first, header second (see the class comment).
        device.write(next.slot(index).offset(), object);
        device.force();
        device.write(0, next.toBytes());
        device.force();
        header = next;
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
