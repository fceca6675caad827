package org.swtpmjava.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.it.StateDirInteropIT.SHA256_ABC;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swtpmjava.it.Launchers.Emulator;
import org.swtpmjava.it.StateDirInteropIT.Step;

/**
 * State directories of a newer C swtpm: swtpm 0.10.2 with libtpms 0.10.2 (Debian unstable, in a
 * container, scripts/build-images.sh) next to the C swtpm 0.7.1 with libtpms 0.9.2 that
 * swtpm-java emulates. Without a profile libtpms 0.10 still writes the formats of 0.9
 * (PERSISTENT_ALL v3), and such a directory must open in swtpm-java exactly as in the C swtpm
 * 0.7.1; swtpm-java's directories must open in the newer swtpm as those of the C swtpm 0.7.1 do.
 * With a profile (PERSISTENT_ALL v4) libtpms 0.9.2 refuses the state, and so does swtpm-java.
 */
class NewerLibtpmsStateIT {

    private static final String IMAGE = "swtpm:sid";
    private static final List<String> STARTUP_CLEAR = List.of("--flags", "not-need-init,startup-clear");
    private static final List<String> STARTUP_STATE = List.of("--flags", "not-need-init,startup-state");

    /** What changes the TPM: a PCR, the owner auth, DA parameters, then Shutdown(STATE). */
    private static final List<List<String>> CHANGES = List.of(
            List.of("tpm2_pcrextend", "10:sha256=" + SHA256_ABC),
            List.of("tpm2_changeauth", "-c", "owner", "ownerpass"),
            List.of("tpm2_dictionarylockout", "-s", "-n", "9", "-t", "99", "-l", "999"),
            List.of("tpm2_shutdown"));

    /** What a user checks after the move; the auth checks last, as they change the state. */
    private static final List<List<String>> CHECKS = List.of(
            List.of("tpm2_pcrread", "sha256:10,16"),
            List.of("tpm2_getcap", "properties-variable"),
            List.of("tpm2_getcap", "handles-persistent"),
            List.of("tpm2_getcap", "handles-nv-index"),
            List.of("tpm2_changeauth", "-c", "owner", "-p", "wrong", "x"),
            List.of("tpm2_changeauth", "-c", "owner", "-p", "ownerpass", "newpass"),
            List.of("tpm2_getcap", "properties-variable"));

    @Test
    void stateOfLibtpms010OpensInSwtpmJavaAsInTheCSwtpm(@TempDir Path tmp) throws Exception {
        String image = ContainerImages.ensure(IMAGE);
        Path written = tmp.resolve("written");
        List<List<String>> changes = new ArrayList<>(CHANGES.subList(0, 3));
        // NV content that swtpm-java has no commands for yet must pass through intact
        changes.add(List.of("tpm2_createprimary", "-C", "o", "-P", "ownerpass", "-G", "ecc", "-c",
                written.resolve("primary.ctx").toString()));
        changes.add(List.of("tpm2_evictcontrol", "-C", "o", "-P", "ownerpass", "-c",
                written.resolve("primary.ctx").toString(), "0x81000001"));
        changes.add(List.of("tpm2_nvdefine", "-C", "o", "-P", "ownerpass", "-s", "32", "0x1500016"));
        changes.add(CHANGES.get(3));
        List<Step> made = SwtpmContainer.run(image, written, STARTUP_CLEAR, changes);
        assertThat(made).as("libtpms 0.10 made the changes").allMatch(s -> s.status() == 0);
        assertThat(Files.readAllBytes(written.resolve("state/tpm2-00.permall")))
                .as("written in libtpms 0.9's formats: swtpm state file with PERSISTENT_ALL version 3")
                .startsWith(0x02, 0x01).containsSequence(0xab, 0x36, 0x47, 0x23, 0x00, 0x03);

        Path copy = tmp.resolve("copy");
        StateDirInteropIT.copyStateDir(written.resolve("state"), copy.resolve("state"));
        List<Step> byC = StateDirInteropIT.run(Emulator.C, copy, List.of(), "startup-state", CHECKS);
        List<Step> byJava = StateDirInteropIT.run(Emulator.JAVA, written, List.of(), "startup-state", CHECKS);

        assertThat(byC.get(0).stdout()).as("PCR 10 survived the move")
                .contains("10: 0x" + StateDirInteropIT.extendedFromZero(SHA256_ABC));
        assertThat(byC.get(2).stdout()).contains("0x81000001");
        assertThat(byC.get(3).stdout()).contains("0x1500016");
        assertThat(byC.get(5).status()).as("the stored owner auth").isZero();
        assertThat(byJava).as("swtpm-java on libtpms 0.10's state, as the C swtpm 0.7.1").containsExactlyElementsOf(byC);
    }

    @Test
    void stateOfSwtpmJavaOpensInLibtpms010AsThatOfTheCSwtpm(@TempDir Path tmp) throws Exception {
        String image = ContainerImages.ensure(IMAGE);
        List<List<String>> checks = new ArrayList<>(CHECKS);
        checks.removeIf(tool -> tool.contains("handles-persistent") || tool.contains("handles-nv-index"));
        List<List<Step>> seen = new ArrayList<>();
        for (Emulator writer : Emulator.values()) {
            Path dir = tmp.resolve(writer.name());
            List<Step> made = StateDirInteropIT.run(writer, dir, List.of(), "startup-clear", CHANGES);
            assertThat(made).as("%s made the changes", writer).allMatch(s -> s.status() == 0);
            seen.add(SwtpmContainer.run(image, dir, STARTUP_STATE, checks));
        }
        List<Step> onCState = seen.get(0);
        assertThat(onCState.get(0).stdout()).contains("10: 0x" + StateDirInteropIT.extendedFromZero(SHA256_ABC));
        assertThat(onCState.get(3).status()).as("the stored owner auth").isZero();
        assertThat(seen.get(1)).as("libtpms 0.10 on swtpm-java's state, as on the C swtpm 0.7.1's")
                .containsExactlyElementsOf(onCState);
    }

    /**
     * {@code swtpm_ioctl --save} from a running swtpm 0.10.2 and {@code --load} into swtpm-java
     * and into the C swtpm 0.7.1: both resume mid-flight alike (PCR 16 only survives a resume).
     */
    @Test
    void runningStateOfLibtpms010ResumesInSwtpmJavaAsInTheCSwtpm(@TempDir Path tmp) throws Exception {
        String image = ContainerImages.ensure(IMAGE);
        Path source = tmp.resolve("source");
        Path permanent = source.resolve("permanent.bin");
        Path volatileBlob = source.resolve("volatile.bin");
        List<Step> made = SwtpmContainer.run(image, source, STARTUP_CLEAR, List.of(
                List.of("tpm2_pcrextend", "16:sha256=" + SHA256_ABC),
                List.of("tpm2_pcrextend", "23:sha256=" + SHA256_ABC),
                List.of("tpm2_changeauth", "-c", "owner", "ownerpass"),
                List.of("swtpm_ioctl", "--save", "permanent", permanent.toString()),
                List.of("swtpm_ioctl", "--save", "volatile", volatileBlob.toString())));
        assertThat(made).as("libtpms 0.10 made the changes and saved its state").allMatch(s -> s.status() == 0);

        List<List<Step>> resumed = new ArrayList<>();
        for (Emulator destination : Emulator.values()) {
            int[] port = new int[1];
            Process p = TcpEmulator.start(destination, tmp.resolve("on-" + destination), List.of(), port);
            try {
                SaveLoadInteropIT.ioctl(port[0], "--load", "permanent", permanent.toString());
                SaveLoadInteropIT.ioctl(port[0], "--load", "volatile", volatileBlob.toString());
                SaveLoadInteropIT.ioctl(port[0], "-i");
                resumed.add(SaveLoadInteropIT.tools(port[0], List.of(
                        List.of("tpm2_pcrread", "sha256:16,23"),
                        List.of("tpm2_getcap", "properties-variable"),
                        List.of("tpm2_changeauth", "-c", "owner", "-p", "ownerpass", "newpass"))));
            } finally {
                Launchers.stop(p);
            }
        }
        assertThat(resumed.get(0).get(0).stdout()).as("PCR 16 resumed by the C swtpm 0.7.1")
                .contains("16: 0x" + StateDirInteropIT.extendedFromZero(SHA256_ABC));
        assertThat(resumed.get(0)).allMatch(s -> s.status() == 0);
        assertThat(resumed.get(1)).as("swtpm-java resuming libtpms 0.10's state").containsExactlyElementsOf(resumed.get(0));
    }

    @Test
    void stateWithAProfileIsRefusedAsByLibtpms09(@TempDir Path tmp) throws Exception {
        String image = ContainerImages.ensure(IMAGE);
        Path written = tmp.resolve("written");
        List<String> options = new ArrayList<>(STARTUP_CLEAR);
        options.addAll(List.of("--profile", "name=default-v1"));
        List<Step> made = SwtpmContainer.run(image, written, options, List.of(List.of("tpm2_shutdown")));
        assertThat(made.get(0).status()).isZero();
        assertThat(Files.readAllBytes(written.resolve("state/tpm2-00.permall")))
                .as("PERSISTENT_ALL version 4, with the profile").containsSequence(0xab, 0x36, 0x47, 0x23, 0x00, 0x04);

        List<String> refusals = new ArrayList<>();
        for (Emulator e : Emulator.values()) {
            Path copy = tmp.resolve("on-" + e);
            StateDirInteropIT.copyStateDir(written.resolve("state"), copy);
            Launchers.Result r = Launchers.run(List.of(Launchers.swtpm(e), "socket", "--tpm2", "--tpmstate",
                    "dir=" + copy, "--server", "type=tcp,port=0", "--flags", "not-need-init,startup-clear"));
            assertThat(r.status()).as("%s exit status", e).isEqualTo(1);
            // libtpms' own diagnostics ("libtpms/tpm2: ...") are the library's, not swtpm's
            refusals.add(String.join("\n", r.stderr().lines().filter(l -> !l.startsWith("libtpms/")).toList()));
            assertThat(Files.readAllBytes(copy.resolve("tpm2-00.permall"))).as("%s left the state as it was", e)
                    .isEqualTo(Files.readAllBytes(written.resolve("state/tpm2-00.permall")));
        }
        assertThat(refusals.get(1)).as("swtpm-java's message").isEqualTo(refusals.get(0))
                .isEqualTo("swtpm: Error: Could not initialize libtpms.");
    }
}
