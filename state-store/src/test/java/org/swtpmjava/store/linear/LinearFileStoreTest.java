package org.swtpmjava.store.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swtpmjava.store.StateKind;
import org.swtpmjava.store.StateStoreException;
import org.swtpmjava.store.StoreResults;
import org.swtpmjava.store.crypto.StateKey;

/**
 * The linear backend's layout (swtpm-protocol.md §5.4): header bytes, allocation with
 * power-of-two sections, in-place updates, re-appending a grown object, removal that moves later
 * sections and shrinks the file, formatting, and hostile headers that must fail, not crash.
 */
class LinearFileStoreTest {
    /** Sizes of swtpm's observed layout: a 1315-byte permall and an 8986-byte volatilestate object. */
    private static final int PERMALL_SIZE = 0x523;
    private static final int VOLATILE_SIZE = 0x231a;

    @TempDir
    Path tmp;

    private Path file() {
        return tmp.resolve("state.bin");
    }

    private LinearFileStore open() throws StateStoreException {
        return LinearFileStore.open(file(), LinearStoreOptions.defaults("file://" + file()));
    }

    private static byte[] object(int size, int fill) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    private LinearSlot slotOnDisk(int index) throws Exception {
        return LinearHeader.parse(Files.readAllBytes(file())).slot(index);
    }

    @Test
    void aNewFileIsFormattedWithSwtpmsHeader() throws Exception {
        try (LinearFileStore store = open()) {
            assertThat(store.formattedOnOpen()).isTrue();
            assertThat(store.formatNotice()).isEqualTo("Formatting 'file://" + file() + "' as new linear NVRAM store");
        }
        byte[] bytes = Files.readAllBytes(file());
        assertThat(bytes).hasSize(192);
        assertThat(HexFormat.of().formatHex(bytes, 0, 12)).isEqualTo("6e696c6d7074777301" + "00c000");
        assertThat(Arrays.copyOfRange(bytes, 12, 192)).containsOnly(0);
        try (LinearFileStore again = open()) {
            assertThat(again.formattedOnOpen()).isFalse();
        }
    }

    @Test
    void objectsAreAppendedInPowerOfTwoSectionsAsSwtpmLaysThemOut() throws Exception {
        try (LinearFileStore store = open()) {
            store.storeRaw(StateKind.PERMANENT, object(PERMALL_SIZE, 1));
            store.storeRaw(StateKind.VOLATILE, object(VOLATILE_SIZE, 2));
            assertThat(store.storedSize(StateKind.PERMANENT)).hasValue(PERMALL_SIZE);
            assertThat(store.storedSize(StateKind.SAVESTATE)).isEmpty();
            assertThat(store.loadRaw(StateKind.VOLATILE)).hasValue(object(VOLATILE_SIZE, 2));
        }
        // the layout observed with the C swtpm (§5.4)
        assertThat(slotOnDisk(0)).isEqualTo(new LinearSlot(0xc0, PERMALL_SIZE, 0x800));
        assertThat(slotOnDisk(1)).isEqualTo(new LinearSlot(0x8c0, VOLATILE_SIZE, 0x4000));
        assertThat(Files.size(file())).isEqualTo(18624);
    }

    @Test
    void sectionSizesAreTheNextPowerOfTwo() {
        assertThat(SectionSize.forObject(1)).isEqualTo(1);
        assertThat(SectionSize.forObject(1024)).isEqualTo(1024);
        assertThat(SectionSize.forObject(1025)).isEqualTo(2048);
        assertThat(SectionSize.forObject(0x231a)).isEqualTo(0x4000);
    }

    @Test
    void anObjectThatFitsItsSectionIsUpdatedInPlace() throws Exception {
        try (LinearFileStore store = open()) {
            store.storeRaw(StateKind.PERMANENT, object(PERMALL_SIZE, 1));
            store.storeRaw(StateKind.VOLATILE, object(VOLATILE_SIZE, 2));
            store.storeRaw(StateKind.PERMANENT, object(2048, 3));
            store.storeRaw(StateKind.VOLATILE, object(100, 4));
            assertThat(store.loadRaw(StateKind.PERMANENT)).hasValue(object(2048, 3));
            assertThat(store.loadRaw(StateKind.VOLATILE)).hasValue(object(100, 4));
        }
        assertThat(slotOnDisk(0)).isEqualTo(new LinearSlot(0xc0, 2048, 0x800));
        assertThat(slotOnDisk(1)).isEqualTo(new LinearSlot(0x8c0, 100, 0x4000));
        assertThat(Files.size(file())).isEqualTo(18624);
    }

    @Test
    void aGrownObjectIsRemovedAndAppendedAgain() throws Exception {
        try (LinearFileStore store = open()) {
            store.storeRaw(StateKind.PERMANENT, object(PERMALL_SIZE, 1));
            store.storeRaw(StateKind.VOLATILE, object(VOLATILE_SIZE, 2));
            store.storeRaw(StateKind.PERMANENT, object(3000, 5));
            assertThat(store.loadRaw(StateKind.VOLATILE)).hasValue(object(VOLATILE_SIZE, 2));
            assertThat(store.loadRaw(StateKind.PERMANENT)).hasValue(object(3000, 5));
        }
        assertThat(slotOnDisk(1)).isEqualTo(new LinearSlot(0xc0, VOLATILE_SIZE, 0x4000));
        assertThat(slotOnDisk(0)).isEqualTo(new LinearSlot(0xc0 + 0x4000, 3000, 0x1000));
        assertThat(Files.size(file())).isEqualTo(0xc0 + 0x4000 + 0x1000);
    }

    @Test
    void removalMovesLaterSectionsForwardAndShrinksTheFile() throws Exception {
        try (LinearFileStore store = open()) {
            store.storeRaw(StateKind.PERMANENT, object(PERMALL_SIZE, 1));
            store.storeRaw(StateKind.VOLATILE, object(VOLATILE_SIZE, 2));
            store.storeRaw(StateKind.SAVESTATE, object(10, 3));
            store.delete(StateKind.PERMANENT);
            store.delete(StateKind.PERMANENT); // absent is fine
            assertThat(store.storedSize(StateKind.PERMANENT)).isEmpty();
            assertThat(store.loadRaw(StateKind.VOLATILE)).hasValue(object(VOLATILE_SIZE, 2));
            assertThat(store.loadRaw(StateKind.SAVESTATE)).hasValue(object(10, 3));
        }
        assertThat(slotOnDisk(0)).isEqualTo(LinearSlot.UNUSED);
        assertThat(slotOnDisk(1)).isEqualTo(new LinearSlot(0xc0, VOLATILE_SIZE, 0x4000));
        assertThat(slotOnDisk(2)).isEqualTo(new LinearSlot(0xc0 + 0x4000, 10, 16));
        assertThat(Files.size(file())).isEqualTo(0xc0 + 0x4000 + 16);
        try (LinearFileStore store = open()) {
            store.delete(StateKind.SAVESTATE);
            store.delete(StateKind.VOLATILE);
        }
        assertThat(Files.size(file())).isEqualTo(192);
    }

    @Test
    void changesMadeThroughAnotherOpenOfTheFileAreSeen() throws Exception {
        try (LinearFileStore reader = open(); LinearFileStore writer = open()) {
            assertThat(reader.storedSize(StateKind.PERMANENT)).isEmpty();
            writer.storeRaw(StateKind.PERMANENT, object(PERMALL_SIZE, 1));
            writer.storeRaw(StateKind.VOLATILE, object(VOLATILE_SIZE, 2));
            assertThat(reader.loadRaw(StateKind.VOLATILE)).hasValue(object(VOLATILE_SIZE, 2));
            reader.delete(StateKind.PERMANENT);
            assertThat(writer.storedSize(StateKind.PERMANENT)).isEmpty();
            assertThat(writer.loadRaw(StateKind.VOLATILE)).hasValue(object(VOLATILE_SIZE, 2));
            Files.write(file(), object(192, 0));
            assertFails(() -> reader.storedSize(StateKind.VOLATILE));
        }
    }

    @Test
    void encryptedObjectsRoundTripAndNeedTheKey() throws Exception {
        StateKey key = StateKey.of(HexFormat.of().parseHex("00112233445566778899aabbccddeeff"));
        LinearStoreOptions withKey = LinearStoreOptions.defaults("file://" + file()).withFileKey(key);
        byte[] plain = "permanent state".getBytes();
        try (LinearFileStore store = LinearFileStore.open(file(), withKey)) {
            store.store(StateKind.PERMANENT, plain);
            assertThat(store.load(StateKind.PERMANENT)).hasValue(plain);
            assertThat(store.loadRaw(StateKind.PERMANENT).orElseThrow()[5]).isEqualTo((byte) 0x01); // ENCRYPTED flag
        }
        try (LinearFileStore store = open()) {
            assertThatThrownBy(() -> store.load(StateKind.PERMANENT)).isInstanceOf(StateStoreException.class);
        }
    }

    @Test
    void aFileWithoutTheMagicIsReformattedAndKeepsItsSizeUntilTheFirstWrite() throws Exception {
        Files.write(file(), object(500, 0x55));
        try (LinearFileStore store = open()) {
            assertThat(store.formattedOnOpen()).isTrue();
            assertThat(store.storedSize(StateKind.PERMANENT)).isEmpty();
            assertThat(Files.size(file())).isEqualTo(500);
            store.storeRaw(StateKind.PERMANENT, object(100, 1));
        }
        assertThat(Files.size(file())).isEqualTo(192 + 128);
    }

    @Test
    void aTruncatedHeaderIsExtendedToTheHeaderSize() throws Exception {
        byte[] start = HexFormat.of().parseHex("6e696c6d707477730100c000");
        Files.write(file(), start);
        try (LinearFileStore store = open()) {
            assertThat(store.formattedOnOpen()).isFalse();
            assertThat(store.storedSize(StateKind.PERMANENT)).isEmpty();
        }
        assertThat(Files.size(file())).isEqualTo(192);
        Files.write(file(), new byte[] {0x6e, 0x69});
        try (LinearFileStore store = open()) {
            assertThat(store.formattedOnOpen()).isTrue();
        }
    }

    @Test
    void aNewerFormatVersionIsRefused() throws Exception {
        try (LinearFileStore store = open()) {
            store.storeRaw(StateKind.PERMANENT, object(10, 1));
        }
        patchHeader(8, 2, 1);
        assertThatThrownBy(this::open).isInstanceOf(StateStoreException.class)
                .hasMessage("SWTPM_NVRAM_PrepareLinear: Unknown format version: 2")
                .extracting(e -> ((StateStoreException) e).result()).isEqualTo(StoreResults.FAIL);
    }

    @Test
    void hostileSlotValuesFailInsteadOfBeingFollowed() throws Exception {
        try (LinearFileStore store = open()) {
            store.storeRaw(StateKind.PERMANENT, object(100, 1));
            store.storeRaw(StateKind.VOLATILE, object(100, 2));
        }
        patchHeader(12, 0xfffffff0L, 4);                  // permall offset far outside the file
        try (LinearFileStore store = open()) {
            assertThat(store.storedSize(StateKind.PERMANENT)).hasValue(100); // swtpm reports data_length as is
            assertFails(() -> store.load(StateKind.PERMANENT));
            assertFails(() -> store.storeRaw(StateKind.PERMANENT, object(50, 3)));
            assertFails(() -> store.delete(StateKind.VOLATILE) );
            assertThat(store.loadRaw(StateKind.VOLATILE)).hasValue(object(100, 2));
        }
        try (LinearFileStore store = open()) {
            patchHeader(24, 0xfffffff0L, 4);              // volatilestate moved far away too ...
            patchHeader(32, 0x80000000L, 4);              // ... with a 2 GiB section
            store.delete(StateKind.VOLATILE);             // nothing moves; the file is not cut below live data
            assertThat(Files.size(file())).isEqualTo(192 + 128 + 128);
        }
        patchHeader(12, 0x10, 4);                         // permall inside the header
        try (LinearFileStore store = open()) {
            assertFails(() -> store.load(StateKind.PERMANENT));
            assertFails(() -> store.storeRaw(StateKind.PERMANENT, object(50, 3)));
        }
        patchHeader(12, 0xc0, 4);
        patchHeader(16, 0xffffffffL, 4);                  // data_length beyond the file
        patchHeader(20, 0xffffffffL, 4);                  // section_length of 4 GiB
        try (LinearFileStore store = open()) {
            assertFails(() -> store.load(StateKind.PERMANENT));
            assertFails(() -> store.storeRaw(StateKind.SAVESTATE, object(50, 3))); // would end beyond 4 GiB
            assertFails(() -> store.storeRaw(StateKind.PERMANENT, object(50, 3))); // section outside the file
        }
    }

    @Test
    void anExplicitModeIsAppliedAndTheDefaultIs0640() throws Exception {
        LinearFileStore.open(file(), LinearStoreOptions.defaults("file://" + file()).withMode(0600)).close();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
        Path other = tmp.resolve("other.bin");
        LinearFileStore.open(other, LinearStoreOptions.defaults("file://" + other)).close();
        assertThat(Files.getPosixFilePermissions(other)).doesNotContain(
                java.nio.file.attribute.PosixFilePermission.OTHERS_READ,
                java.nio.file.attribute.PosixFilePermission.GROUP_WRITE);
    }

    @Test
    void lockingIsOffUnlessAskedForAndThenExclusive() throws Exception {
        try (LinearFileStore store = open()) {
            store.lock(0);
            assertThat(store.isLocked()).isFalse();
        }
        LinearStoreOptions locking = LinearStoreOptions.defaults("file://" + file()).withLocking(true);
        try (LinearFileStore first = LinearFileStore.open(file(), locking);
             LinearFileStore second = LinearFileStore.open(file(), locking)) {
            first.lock(0);
            assertThat(first.isLocked()).isTrue();
            assertThatThrownBy(() -> second.lock(1)).isInstanceOf(StateStoreException.class)
                    .hasMessage("SWTPM_NVRAM_LinearFile_Lock: Could not lock backend-uri file://" + file()
                            + ": Resource temporarily unavailable");
            first.unlock();
            assertThat(first.isLocked()).isFalse();
            second.lock(0);
            assertThat(second.isLocked()).isTrue();
        }
    }

    @Test
    void directoriesAndMissingParentsAreRefusedWithSwtpmsMessages() {
        assertThatThrownBy(() -> LinearFileStore.open(tmp.resolve("no/such/file"), LinearStoreOptions.defaults("x")))
                .hasMessage("SWTPM_NVRAM_LinearFile_Open: Could not open file: No such file or directory");
        assertThatThrownBy(() -> LinearFileStore.open(tmp, LinearStoreOptions.defaults("x")))
                .isInstanceOf(StateStoreException.class)
                .hasMessageStartingWith("SWTPM_NVRAM_LinearFile_Open: Could not open file: ");
    }

    private interface StoreAction {
        void run() throws Exception;
    }

    private static void assertFails(StoreAction action) {
        assertThatThrownBy(action::run).isInstanceOf(StateStoreException.class)
                .extracting(e -> ((StateStoreException) e).result()).isEqualTo(StoreResults.FAIL);
    }

    private void patchHeader(int offset, long value, int width) throws Exception {
        byte[] bytes = Files.readAllBytes(file());
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (width == 1) {
            b.put(offset, (byte) value);
        } else {
            b.putInt(offset, (int) value);
        }
        Files.write(file(), bytes);
    }
}
