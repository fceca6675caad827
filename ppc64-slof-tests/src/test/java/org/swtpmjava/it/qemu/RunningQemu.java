package org.swtpmjava.it.qemu;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** A started QEMU, on this host or in a container: its console, and a graceful end. */
interface RunningQemu extends AutoCloseable {

    /** Waits for {@code regex} on the console; the milliseconds since QEMU's start. */
    long awaitConsole(Pattern regex, long timeoutSeconds) throws InterruptedException;

    String console();

    /** Waits up to {@code timeoutSeconds} for QEMU to end by itself; whether it has. */
    boolean awaitEnd(long timeoutSeconds) throws InterruptedException;

    /** Ends QEMU as a user's quit does (SIGTERM: QEMU sends CMD_SHUTDOWN to the emulator). */
    @Override
    void close() throws InterruptedException;

    /** Starts QEMU with its TPM on the emulator's control socket {@code ctrlSock}. */
    @FunctionalInterface
    interface Starter {
        RunningQemu start(Path ctrlSock) throws Exception;
    }
}
