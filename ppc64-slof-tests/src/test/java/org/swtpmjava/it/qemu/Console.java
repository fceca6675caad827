package org.swtpmjava.it.qemu;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/** What a guest printed so far, filled by a reader thread, waited on by the test. */
final class Console {

    private final StringBuilder text = new StringBuilder();
    private final long startNanos = System.nanoTime();

    void append(String chunk) {
        synchronized (text) {
            text.append(chunk);
            text.notifyAll();
        }
    }

    /** Wakes the waiters, e.g. when the output has ended. */
    void ended() {
        synchronized (text) {
            text.notifyAll();
        }
    }

    /**
     * Waits until the text matches {@code regex}; returns the milliseconds since this console was
     * made (the guest's start). Fails with the tail if {@code producing} turns false (the guest
     * ended) or the deadline passes first.
     */
    long await(Pattern regex, long timeoutSeconds, BooleanSupplier producing) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        synchronized (text) {
            while (!regex.matcher(text).find()) {
                long left = deadline - System.nanoTime();
                boolean alive = producing.getAsBoolean();
                if (left <= 0 || !alive) {
                    throw new AssertionError((alive ? "no " : "QEMU ended without ") + "'" + regex
                            + "' on the console within " + timeoutSeconds + " s; console tail:\n" + tail(2000));
                }
                TimeUnit.NANOSECONDS.timedWait(text, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
            }
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    String text() {
        synchronized (text) {
            return text.toString();
        }
    }

    private String tail(int chars) {
        return text.substring(Math.max(0, text.length() - chars));
    }
}
