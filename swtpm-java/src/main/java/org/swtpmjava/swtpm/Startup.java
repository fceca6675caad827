package org.swtpmjava.swtpm;

import org.swtpmjava.data.FixedResponses;
import org.swtpmjava.swtpm.cli.SocketConfig;
import org.swtpmjava.swtpm.instance.VtpmInstance;
import org.swtpmjava.swtpm.log.SwtpmLog;

/** {@code --flags not-need-init[,startup-*]}: the TPM starts with the process (swtpm-protocol.md §1.2). */
final class Startup {

    private Startup() {
    }

    /** Starts the engine and sends TPM2_Startup(CLEAR or STATE) if asked; failures end the process. */
    static void run(VtpmInstance instance, SocketConfig.Startup startup, SwtpmLog log) throws StartupFailure {
        int rc = instance.start(false);
        if (rc != 0) {
            // the engine start has already said why, in swtpm's words
            throw new StartupFailure(null, 1);
        }
        if (startup == SocketConfig.Startup.CLEAR || startup == SocketConfig.Startup.STATE) {
            int su = startup == SocketConfig.Startup.CLEAR ? 0 : 1;
            byte[] response = instance.processInternal(
                    new byte[] {(byte) 0x80, 1, 0, 0, 0, 0x0c, 0, 0, 1, 0x44, 0, (byte) su});
            long code = FixedResponses.responseCode(response);
            if (code != 0) {
                log.error("TPM2_Startup(" + (su == 0 ? "SU_CLEAR" : "SU_STATE") + ") failed: 0x"
                        + Long.toHexString(code));
            }
        }
    }

    /** A start-up failure with the exit status to use. */
    static final class StartupFailure extends Exception {
        private final int status;

        StartupFailure(String message, int status) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}
