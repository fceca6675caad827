package org.swtpmjava.swtpm;

import java.util.List;

/**
 * {@code --print-capabilities}: swtpm's one-line JSON with the feature names of the features
 * this implementation has (swtpm-protocol.md §1.3). The version is the swtpm interface level
 * implemented, which is what consumers compare.
 */
final class Capabilities {

    /** The swtpm release whose interface this implements (LOCK_STORAGE, ctrl terminate, auto-shutdown). */
    static final String SWTPM_INTERFACE_VERSION = "0.8.0";

    private Capabilities() {
    }

    static List<String> features() {
        // No "tpm-1.2" yet, and no "rsa-keysize-N": the engine has no RSA until the keys work lands.
        return List.of(
                "tpm-2.0",
                "tpm-send-command-header",
                "flags-opt-startup",
                "flags-opt-disable-auto-shutdown",
                "ctrl-opt-terminate",
                "cmdarg-key-fd",
                "cmdarg-pwd-fd",
                "cmdarg-print-states",
                "cmdarg-migration",
                "nvram-backend-dir",
                "nvram-backend-file",
                "tpmstate-opt-lock");
    }

    static String json() {
        StringBuilder s = new StringBuilder("{ \"type\": \"swtpm\", \"features\": [ ");
        List<String> features = features();
        for (int i = 0; i < features.size(); i++) {
            s.append(i == 0 ? "" : ", ").append('"').append(features.get(i)).append('"');
        }
        return s.append(" ], \"version\": \"").append(SWTPM_INTERFACE_VERSION).append("\" }").toString();
    }
}
