package org.swtpmjava.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.OutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.swtpmjava.store.StateKind;
import org.swtpmjava.store.crypto.KeyMode;
import org.swtpmjava.store.crypto.StateKey;
import org.swtpmjava.store.dir.DirStateStore;
import org.swtpmjava.store.dir.DirStoreOptions;

/**
 * kill -9 while {@code bin/swtpm} keeps rewriting its encrypted state files never leaves a torn
 * file: after every kill each state file decrypts and verifies (HMAC) completely.
 */
class KillDuringStateWritesIT {

    private static final String KEY_HEX = "000102030405060708090a0b0c0d0e0f";

    @Test
    void stateFilesSurviveSigkillAtRandomMoments(@TempDir Path tmp) throws Exception {
        Path keyFile = tmp.resolve("key");
        Files.writeString(keyFile, KEY_HEX + "\n");
        StateKey key = StateKey.fromHexKeyFile(Files.readAllBytes(keyFile), KeyMode.parse("aes-128-cbc"));
        Random random = new Random(42);
        Path dir = tmp.resolve("state");
        int verified = 0;
        for (int round = 0; round < 8; round++) {
            Process p = Launchers.startSocket(Launchers.Emulator.JAVA, dir,
                    List.of("--key", "file=" + keyFile, "--flags", "not-need-init"));
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = new Thread(() -> storeVolatileInALoop(dir.resolve("ctrl.sock"), stop));
            writer.start();
            Thread.sleep(200 + random.nextInt(600));
            p.destroyForcibly().waitFor(); // SIGKILL, mid-write or not
            stop.set(true);
            writer.join(5000);
            try (DirStateStore store = new DirStateStore(dir, DirStoreOptions.forTpm2().withFileKey(key)
                    .withLocking(false))) {
                Optional<byte[]> permanent = store.load(StateKind.PERMANENT);
                assertThat(permanent).as("round " + round + ": permall loads").isPresent();
                if (store.load(StateKind.VOLATILE).isPresent()) {
                    verified++;
                }
            }
        }
        assertThat(verified).as("rounds in which a volatile state had been written and verified").isPositive();
    }

    /** CMD_STORE_VOLATILE back to back: each one rewrites tpm2-00.volatilestate. */
    private static void storeVolatileInALoop(Path sock, AtomicBoolean stop) {
        try (AFUNIXSocket s = AFUNIXSocket.newInstance()) {
            s.connect(AFUNIXSocketAddress.of(new File(sock.toString())));
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            while (!stop.get()) {
                out.write(new byte[] {0, 0, 0, 0x0a});
                if (in.readNBytes(4).length < 4) {
                    return;
                }
            }
        } catch (Exception e) {
            // the emulator was killed under us: expected
        }
    }
}
