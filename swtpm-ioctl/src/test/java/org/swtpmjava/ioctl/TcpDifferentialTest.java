package org.swtpmjava.ioctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The --tcp transport against a C swtpm whose control channel is on TCP ({P} is its port). */
class TcpDifferentialTest {

    @TempDir
    static Path dir;
    static CSwtpm swtpm;
    static int port;

    @BeforeAll
    static void startSwtpm() throws Exception {
        CSwtpm.requireCTools();
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        swtpm = CSwtpm.startTcp(dir, port);
    }

    @AfterAll
    static void stopSwtpm() throws Exception {
        if (swtpm != null) {
            swtpm.close();
        }
    }

    @ParameterizedTest(name = "swtpm_ioctl {0}")
    @ValueSource(strings = {"-c --tcp :{P}", "-c --tcp 127.0.0.1:{P}", "-g --tcp localhost:{P}",
            "-tcp :{P} -b 0", "--info 3 --tcp=:{P}", "-e --tcp :{P}", "-c --tcp 127.0.0.1:{P} --unix /nonexistent"})
    void sameOutputAndStatusAsTheCTool(String commandLine) {
        String[] args = commandLine.replace("{P}", Integer.toString(port)).split(" ");

        ToolRun.Outcome c = ToolRun.c(args, null);
        ToolRun.Outcome java = ToolRun.java(args, null);

        assertThat(java).as("swtpm_ioctl %s", String.join(" ", args)).isEqualTo(c);
        assertThat(java.status()).isZero();
    }
}
