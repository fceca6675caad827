package org.swtpmjava.tpm.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.swtpmjava.tpm.TestBytes;

/** What one side answered during a scenario, step by step, after masking legitimately varying bytes. */
final class Transcript {
    /** One step: a label for the report and the (masked) answer. */
    record Step(String label, String answer) {
    }

    private final TpmUnderTest tpm;
    private final List<Step> steps = new ArrayList<>();

    Transcript(TpmUnderTest tpm) {
        this.tpm = tpm;
    }

    TpmUnderTest tpm() {
        return tpm;
    }

    /** Sends a command and records its whole response. */
    byte[] send(String label, byte[] command) {
        return send(label, command, UnaryOperator.identity());
    }

    /** Sends a command and records the response after {@code mask}. */
    byte[] send(String label, byte[] command, UnaryOperator<byte[]> mask) {
        byte[] response = tpm.command(command);
        steps.add(new Step(label, TestBytes.hex(mask.apply(response.clone()))));
        return response;
    }

    /** Records any other observable value. */
    void record(String label, Object value) {
        steps.add(new Step(label, String.valueOf(value)));
    }

    List<Step> steps() {
        return List.copyOf(steps);
    }
}
