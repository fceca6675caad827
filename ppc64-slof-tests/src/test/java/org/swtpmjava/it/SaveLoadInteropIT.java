package org.swtpmjava.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.it.StateDirInteropIT.SHA256_ABC;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
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
 * reset by every Startup, so it only survives a real resume), DA counter, owner auth and the
 * transient object loaded before the save (an HMAC key: its signatures are deterministic). The
 * outcome must be the same whichever implementation is source and which destination.
 */
class SaveLoadInteropIT {

    /** TPM2_CreatePrimary(endorsement, password session) of an HMAC-SHA256 signing key (KEYEDHASH, noDA). */
    private static final byte[] CREATE_HMAC_KEY = HexFormat.of().parseHex("80020000003900000131" + "4000000b"
            + "00000009" + "40000009" + "0000" + "00" + "0000" + "0004" + "0000" + "0000"
            + "0010" + "0008" + "000b" + "00040472" + "0000" + "0005" + "000b" + "0000" + "0000" + "00000000");
    private static final byte[] READ_PUBLIC_FIRST = HexFormat.of().parseHex("80010000000e00000173" + "80000000");
    /** TPM2_Sign(0x80000000, password session, 32-byte digest, NULL scheme, NULL hashcheck ticket). */
    private static final byte[] SIGN_WITH_FIRST = HexFormat.of().parseHex("8002000000470000015d" + "80000000"
            + "00000009" + "40000009" + "0000" + "00" + "0000" + "0020" + "5a".repeat(32) + "0010"
            + "8024" + "40000007" + "0000");

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
        Path[] saved = saveRunningState(source, tmp.resolve("source"));
        List<Step> oracle = resume(source, saved, tmp.resolve("same"));
        List<Step> crossed = resume(destination, saved, tmp.resolve("crossed"));
        assertThat(oracle).filteredOn(s -> s.command().startsWith("tpm2_pcrread")).singleElement()
                .extracting(Step::stdout).as("PCR 16 resumed by %s itself", source).asString()
                .doesNotContain("16: 0x0000000000000000000000000000000000000000000000000000000000000000");
        assertThat(oracle).allMatch(s -> s.status() == 0, "every step succeeds from " + source + " to itself");
        assertThat(crossed).as("%s -> %s", source, destination).containsExactlyElementsOf(oracle);
    }

    /** Changes a running TPM and saves its permanent and volatile blobs with swtpm_ioctl --save. */
    private static Path[] saveRunningState(Emulator from, Path dir) throws Exception {
        Path permanent = dir.resolve("permanent.bin");
        Path volatileBlob = dir.resolve("volatile.bin");
        int[] port = new int[1];
        Process a = TcpEmulator.start(from, dir, List.of("--flags", "not-need-init,startup-clear"), port);
        try {
            tools(port[0], List.of(
                    List.of("tpm2_pcrextend", "16:sha256=" + SHA256_ABC),
                    List.of("tpm2_pcrextend", "23:sha256=" + SHA256_ABC),
                    List.of("tpm2_changeauth", "-c", "owner", "ownerpass"),
                    List.of("tpm2_changeauth", "-c", "endorsement", "-p", "wrong", "x"))); // DA counter + 1
            assertThat(TcpEmulator.transact(port[0], CREATE_HMAC_KEY)).as("CreatePrimary of an HMAC key")
                    .startsWith(0x80, 0x02, 0, 0).containsSequence(0, 0, 0, 0, 0x80, 0, 0, 0);
            ioctl(port[0], "--save", "permanent", permanent.toString());
            ioctl(port[0], "--save", "volatile", volatileBlob.toString());
        } finally {
            Launchers.stop(a);
        }
        return new Path[] {permanent, volatileBlob};
    }

    /** swtpm_ioctl --load of both blobs into a new emulator, -i, then what a user checks. */
    private static List<Step> resume(Emulator to, Path[] saved, Path dir) throws Exception {
        int[] port = new int[1];
        Process b = TcpEmulator.start(to, dir, List.of(), port);
        try {
            ioctl(port[0], "--load", "permanent", saved[0].toString());
            ioctl(port[0], "--load", "volatile", saved[1].toString());
            ioctl(port[0], "-i");
            List<Step> steps = new ArrayList<>();
            // the key loaded before the save: its public area and a signature (HMAC: deterministic)
            steps.add(raw("ReadPublic 0x80000000", TcpEmulator.transact(port[0], READ_PUBLIC_FIRST)));
            steps.add(raw("Sign with 0x80000000", TcpEmulator.transact(port[0], SIGN_WITH_FIRST)));
            steps.addAll(tools(port[0], List.of(
                    List.of("tpm2_pcrread", "sha256:16,23"),
                    List.of("tpm2_getcap", "properties-variable"),
                    List.of("tpm2_changeauth", "-c", "owner", "-p", "ownerpass", "newpass"))));
            return steps;
        } finally {
            Launchers.stop(b);
        }
    }

    private static Step raw(String what, byte[] response) {
        return new Step(what, ByteBuffer.wrap(response, 6, 4).getInt(), HexFormat.of().formatHex(response));
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
