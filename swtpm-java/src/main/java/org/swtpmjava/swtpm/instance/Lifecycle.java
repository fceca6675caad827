package org.swtpmjava.swtpm.instance;

import java.io.FileDescriptor;

/** What the control channel asks of the process around the vTPM. */
public interface Lifecycle {

    /** CMD_SET_DATAFD: take this fd as the data connection; false if a data connection exists. */
    boolean offerDataFd(FileDescriptor fd);

    /**
     * CMD_SHUTDOWN accepted (before its reply): the process is ending, so a data client hanging
     * up from now on is not reported (swtpm leaves its main loop before it could see it).
     */
    void exitRequested();

    /** CMD_SHUTDOWN (after its reply), or a control client gone with {@code terminate}: exit 0. */
    void exit();
}
