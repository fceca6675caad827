package org.swtpmjava.tpm.tpm2.exec;

import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;

/** The response parameters of one command. */
@FunctionalInterface
public interface CommandOutput {
    /** A command without response parameters. */
    CommandOutput NONE = writer -> { };

    void marshal(TpmWriter writer);
}
