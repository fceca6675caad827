package org.swtpmjava.swtpm.transport;

import org.swtpmjava.data.TpmCommandFrame;

/** What a data connection hands its commands to (the vTPM instance). */
public interface DataHandler {

    /** Executes one command; returns the TPM response (unwrapped; the connection adds the prefix framing). */
    byte[] process(TpmCommandFrame frame);
}
