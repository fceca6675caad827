package org.swtpmjava.store.dir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swtpmjava.store.StateKind;
import org.swtpmjava.store.oracle.CState;
import org.swtpmjava.store.oracle.CSwtpm;

/** {@code --print-states} output, byte for byte as the C swtpm prints it (swtpm-protocol.md §1.4). */
class PrintStatesTest {
    @TempDir
    Path work;

    @Test
    void matchesTheCSwtpmForACStateDirectory() throws Exception {
        Path dir = work.resolve("state");
        CState.create(dir, work);
        assertThat(StatesJson.of(new DirStateStore(dir, true))).isEqualTo(cPrintStates(dir, true));
        assertThat(StatesJson.of(new DirStateStore(dir, true))).startsWith(
                "{ \"type\": \"swtpm\", \"states\": [ {\"name\": \"permall\", \"size\": ");
    }

    @Test
    void matchesTheCSwtpmForEmptyAndAllThreeStates() throws Exception {
        Path dir = Files.createDirectory(work.resolve("tpm12"));
        assertThat(StatesJson.of(new DirStateStore(dir, false))).isEqualTo("{ \"type\": \"swtpm\", \"states\": [] }")
                .isEqualTo(cPrintStates(dir, false));
        DirStateStore store = new DirStateStore(dir, false);
        store.store(StateKind.PERMANENT, new byte[7]);
        store.store(StateKind.VOLATILE, new byte[8]);
        store.store(StateKind.SAVESTATE, new byte[9]);
        assertThat(StatesJson.of(store)).isEqualTo("{ \"type\": \"swtpm\", \"states\": [ {\"name\": \"permall\", "
                + "\"size\": 23}, {\"name\": \"volatilestate\", \"size\": 24}, {\"name\": \"savestate\", \"size\": 25} ] }")
                .isEqualTo(cPrintStates(dir, false));
    }

    private static String cPrintStates(Path dir, boolean tpm2) throws Exception {
        CSwtpm.requireInstalled();
        List<String> command = tpm2
                ? List.of("swtpm", "socket", "--tpm2", "--print-states", "--tpmstate", "dir=" + dir)
                : List.of("swtpm", "socket", "--print-states", "--tpmstate", "dir=" + dir);
        CSwtpm.Run run = CSwtpm.run(command);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        return run.stdout();
    }
}
