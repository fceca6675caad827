package org.swtpmjava.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.it.StateDirInteropIT.SHA256_ABC;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.swtpmjava.it.Launchers.Emulator;
import org.swtpmjava.it.StateDirInteropIT.Step;

/**
 * {@code swtpm_ioctl --save} from one running emulator and {@code --load} into another, then
 * {@code -i}: the TPM resumes mid-flight (no TPM2_Startup) with the source's PCRs (PCR 16 is
 * reset by every Startup, so it only survives a real resume), DA counter and owner auth. The
 * outcome must be the same whichever implementation is source and which destination.
 */
class SaveLoadInteropIT {

    static Stream<Arguments> routes() {
        List<Arguments> all = new ArrayList<>();
        for (Emulator source : Emulator.values()) {
            for (Emulator destination : Emulator.values()) {
                if (source != destination) {
                    all.add(Arguments.of(source, destination));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("routes")
    void stateSavedFromOneImplementationResumesInTheOther(Emulator source, Emulator destination,
            @TempDir Path tmp) throws Exception {
        List<Step> oracle = moveState(source, source, tmp.resolve("same"));
        List<Step> crossed = moveState(source, destination, tmp.resolve("crossed"));
        assertThat(oracle.get(0).stdout()).as("PCR 16 resumed by %s itself", source)
                .doesNotContain("16: 0x0000000000000000000000000000000000000000000000000000000000000000");
        assertThat(oracle).allMatch(s -> s.status() == 0, "every step succeeds from " + source + " to itself");
        assertThat(crossed).as("%s -> %s", source, destination).containsExactlyElementsOf(oracle);
    }

    private static List<Step> moveState(Emulator from, Emulator to, Path dir) throws Exception {
        Path permanent = dir.resolve("permanent.bin");
        Path volatileBlob = dir.resolve("volatile.bin");
        int[] port = new int[1];
        Process a = TcpEmulator.start(from, dir.resolve("a"), List.of("--flags", "not-need-init,startup-clear"), port);
        try {
            tools(port[0], List.of(
                    List.of("tpm2_pcrextend", "16:sha256=" + SHA256_ABC),
                    List.of("tpm2_pcrextend", "23:sha256=" + SHA256_ABC),
                    List.of("tpm2_changeauth", "-c", "owner", "ownerpass"),
                    List.of("tpm2_changeauth", "-c", "endorsement", "-p", "wrong", "x"))); // DA counter + 1
            ioctl(port[0], "--save", "permanent", permanent.toString());
            ioctl(port[0], "--save", "volatile", volatileBlob.toString());
        } finally {
            Launchers.stop(a);
        }
        Process b = TcpEmulator.start(to, dir.resolve("b"), List.of(), port);
        try {
            ioctl(port[0], "--load", "permanent", permanent.toString());
            ioctl(port[0], "--load", "volatile", volatileBlob.toString());
            ioctl(port[0], "-i");
            return tools(port[0], List.of(
                    List.of("tpm2_pcrread", "sha256:16,23"),
                    List.of("tpm2_getcap", "properties-variable"),
                    List.of("tpm2_changeauth", "-c", "owner", "-p", "ownerpass", "newpass")));
        } finally {
            Launchers.stop(b);
        }
    }

    static void ioctl(int tpmPort, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Launchers.onPath("swtpm_ioctl"), "--tcp", ":" + (tpmPort + 1)));
        cmd.addAll(List.of(args));
        Launchers.Result r = Launchers.run(cmd);
        assertThat(r.status()).as("%s: %s", cmd, r.stderr()).isZero();
    }

    static List<Step> tools(int port, List<List<String>> tools) throws Exception {
        List<Step> steps = new ArrayList<>();
        for (List<String> tool : tools) {
            List<String> cmd = new ArrayList<>(tool);
            cmd.addAll(1, List.of("-T", "swtpm:host=127.0.0.1,port=" + port));
            Launchers.Result r = Launchers.run(cmd);
            steps.add(new Step(String.join(" ", tool), r.status(), r.stdout()));
        }
        return steps;
    }
}
