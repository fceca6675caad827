package org.swtpmjava.swtpm;

import java.util.ArrayList;
import java.util.List;
import org.swtpmjava.tpm.TpmEngines;

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

    /** The features in swtpm's order; the RSA key sizes only with {@code --tpm2}, as swtpm. */
    static List<String> features(boolean tpm2) {
        // No "tpm-1.2" (not implemented) and no "cmdarg-seccomp" (no filter is installed).
        List<String> features = new ArrayList<>(List.of(
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
                "nvram-backend-file"));
        if (tpm2) {
            // swtpm_setup reads these to offer --rsa-keysize (swtpm-protocol.md §1.3).
            for (int bits : TpmEngines.tpm2RsaKeySizes()) {
                features.add("rsa-keysize-" + bits);
            }
        }
        features.add("tpmstate-opt-lock");
        return features;
    }

    static String json(boolean tpm2) {
        StringBuilder s = new StringBuilder("{ \"type\": \"swtpm\", \"features\": [ ");
        List<String> features = features(tpm2);
        for (int i = 0; i < features.size(); i++) {
            s.append(i == 0 ? "" : ", ").append('"').append(features.get(i)).append('"');
        }
        return s.append(" ], \"version\": \"").append(SWTPM_INTERFACE_VERSION).append("\" }").toString();
    }
}
