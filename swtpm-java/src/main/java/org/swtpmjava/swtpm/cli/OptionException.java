package org.swtpmjava.swtpm.cli;

/** A command-line error; the message is what swtpm prints (after "swtpm: "), the process exits 1. */
public final class OptionException extends Exception {
    public OptionException(String message) {
        super(message);
    }
}
