package org.swtpmjava.store.dir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swtpmjava.store.StateStoreException;
import org.swtpmjava.store.StoreResults;
import org.swtpmjava.store.oracle.ChildJvm;
import org.swtpmjava.store.oracle.CSwtpm;

/** The {@code .lock} of a state directory against the C swtpm, another JVM and this JVM (§2.8). */
class DirLockTest {
    /** What swtpm 0.7.1 prints when a second swtpm starts on a locked directory. */
    static final String SWTPM_LOCKED =
            "SWTPM_NVRAM_Lock_Dir: Could not lock access to lockfile: Resource temporarily unavailable";

    @TempDir
    Path work;

    @Test
    void cSwtpmHoldingTheDirectoryMakesOurLockFailWithSwtpmsMessage() throws Exception {
        Path dir = Files.createDirectory(work.resolve("state"));
        try (CSwtpm swtpm = CSwtpm.start(dir, work, "--flags", "not-need-init");
                DirStateStore store = new DirStateStore(dir, true)) {
            assertLockFails(store, 3);
            assertThat(store.isLocked()).isFalse();
            swtpm.shutdown();
            store.lock(0);
            assertThat(store.isLocked()).isTrue();
        }
    }

    @Test
    void ourLockMakesTheCSwtpmFailToStartAndReleasingLetsItStart() throws Exception {
        CSwtpm.requireInstalled();
        Path dir = Files.createDirectory(work.resolve("state"));
        try (DirStateStore store = new DirStateStore(dir, true)) {
            store.lock(0);
            Path output = work.resolve("second.out");
            Process second = new ProcessBuilder("swtpm", "socket", "--tpm2", "--tpmstate", "dir=" + dir,
                    "--ctrl", "type=unixio,path=" + work.resolve("c.sock"), "--flags", "not-need-init")
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            try {
                assertThat(second.waitFor(10, TimeUnit.SECONDS)).as("swtpm must give up at once").isTrue();
            } finally {
                second.destroyForcibly();
            }
            assertThat(second.exitValue()).isEqualTo(1);
            assertThat(Files.readString(output)).contains("swtpm: " + SWTPM_LOCKED);

            store.unlock();
            try (CSwtpm swtpm = CSwtpm.start(dir, work, "--flags", "not-need-init")) {
                swtpm.shutdown();
            }
        }
        assertThat(dir.resolve(".lock")).as("the lock file is never deleted").exists();
    }

    @Test
    void lockWithRetriesWaitsForTheCSwtpmToLetGo() throws Exception {
        Path dir = Files.createDirectory(work.resolve("state"));
        try (CSwtpm swtpm = CSwtpm.start(dir, work, "--flags", "not-need-init");
                DirStateStore store = new DirStateStore(dir, true)) {
            CompletableFuture<Void> locking = CompletableFuture.runAsync(() -> {
                try {
                    store.lock(300); // 300 x 10 ms, what swtpm uses when re-locking after migration
                } catch (StateStoreException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(200);
            assertThat(locking).isNotDone();
            swtpm.shutdown();
            locking.get(5, TimeUnit.SECONDS);
            assertThat(store.isLocked()).isTrue();
        }
    }

    @Test
    void anotherJvmHoldingTheLockExcludesUs() throws Exception {
        Path dir = Files.createDirectory(work.resolve("state"));
        Process holder = ChildJvm.start(LockHolderMain.class, dir.toString());
        try (DirStateStore store = new DirStateStore(dir, true)) {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");
            assertLockFails(store, 0);
            holder.getOutputStream().close();
            assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
            store.lock(0);
            assertThat(store.isLocked()).isTrue();
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void secondStoreInThisJvmFailsAndItsAttemptDoesNotDropTheFirstStoresLock() throws Exception {
        Path dir = Files.createDirectory(work.resolve("state"));
        try (DirStateStore first = new DirStateStore(dir, true);
                DirStateStore second = new DirStateStore(dir.resolve("..").resolve("state"), true)) {
            first.lock(0);
            assertLockFails(second, 2);
            // fcntl locks are per process: had the second store opened and closed .lock, the first
            // store's lock would be gone now. Another process must still be locked out.
            Process holder = ChildJvm.start(LockHolderMain.class, dir.toString());
            try {
                holder.getOutputStream().close(); // a holder that got the lock exits right away
                assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(new String(holder.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                        .contains(SWTPM_LOCKED)
                        .doesNotContain("locked\n");
            } finally {
                holder.destroyForcibly();
            }
            assertThat(first.isLocked()).isTrue();

            first.unlock();
            second.lock(0);
            assertThat(second.isLocked()).isTrue();
            second.lock(0); // no-op while held
            assertThat(second.isLocked()).isTrue();
        }
    }

    @Test
    void lockFileIsCreatedWithMode0660LessUmaskAndLockingCanBeTurnedOff() throws Exception {
        Path dir = Files.createDirectory(work.resolve("state"));
        try (DirStateStore off = new DirStateStore(dir, DirStoreOptions.forTpm2().withLocking(false))) {
            off.lock(0);
            assertThat(off.isLocked()).isFalse();
            assertThat(dir.resolve(".lock")).doesNotExist();
        }
        try (DirStateStore store = new DirStateStore(dir, true)) {
            store.lock(0);
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir.resolve(".lock"));
            assertThat(permissions).contains(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)
                    .isSubsetOf(FileModes.toPermissions(0660));
        }
    }

    @Test
    void missingDirectoryGivesSwtpmsOpenMessage() {
        DirStateStore store = new DirStateStore(work.resolve("missing"), true);
        assertThatThrownBy(() -> store.lock(0)).isInstanceOfSatisfying(StateStoreException.class, e -> {
            assertThat(e.result()).isEqualTo(StoreResults.FAIL);
            assertThat(e.getMessage()).isEqualTo("SWTPM_NVRAM_Lock_Dir: Could not open lockfile: No such file or directory");
        });
    }

    @Test
    void symlinkedLockFileIsNotFollowed() throws Exception {
        Path dir = Files.createDirectory(work.resolve("state"));
        Path victim = Files.writeString(work.resolve("victim"), "keep me");
        Files.createSymbolicLink(dir.resolve(".lock"), victim);
        DirStateStore store = new DirStateStore(dir, true);
        assertThatThrownBy(() -> store.lock(0)).isInstanceOfSatisfying(StateStoreException.class,
                e -> assertThat(e.getMessage())
                        .isEqualTo("SWTPM_NVRAM_Lock_Dir: Could not open lockfile: Too many levels of symbolic links"));
        assertThat(Files.readString(victim)).isEqualTo("keep me");
        assertThat(Files.isSymbolicLink(dir.resolve(".lock"))).isTrue();
        assertThat(Files.exists(dir.resolve(".lock"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    private static void assertLockFails(DirStateStore store, int retries) {
        assertThatThrownBy(() -> store.lock(retries)).isInstanceOfSatisfying(StateStoreException.class, e -> {
            assertThat(e.result()).isEqualTo(StoreResults.FAIL);
            assertThat(e.getMessage()).isEqualTo(SWTPM_LOCKED);
        });
    }
}
