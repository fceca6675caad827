package org.swtpmjava.swtpm.transport;

import java.io.FileDescriptor;

import org.swtpmjava.ctrl.CtrlRequest;
import org.swtpmjava.ctrl.CtrlResponse;

/** What a control connection hands its decoded requests to (the vTPM instance). */
public interface CtrlHandler {

    /**
     * Handles one request.
     * @param fds the fds that came with it (SCM_RIGHTS); the handler owns them
     * @param fdCapable whether the connection can carry fds (unix socket)
     */
    CtrlResponse handle(CtrlRequest request, FileDescriptor[] fds, boolean fdCapable);

    /** Called after the response was written (CMD_SHUTDOWN exits only then). */
    void responseSent(CtrlRequest request);

    /** The control client went away (EOF, error); with {@code --ctrl ...,terminate} the process exits. */
    void clientGone();
}
