package org.swtpmjava.store.dir;

import org.swtpmjava.store.StateKind;

/**
 * swtpm's file names in a state directory (swtpm-protocol.md §5.1.1): {@code tpm2-00.<name>} and
 * temp {@code TMP2-00.<name>} for TPM 2, {@code tpm-00.<name>} and {@code TMP-00.<name>} for
 * TPM 1.2; "00" is the TPM number (always 0) in two lowercase hex digits.
 */
public enum StateFileNames {
    TPM2("2"),
    TPM12("");

    /** The lock file, shared by both TPM versions. */
    public static final String LOCK_FILE = ".lock";
    private static final String TPM_NUMBER = "00";

    private final String versionSuffix;

    StateFileNames(String versionSuffix) {
        this.versionSuffix = versionSuffix;
    }

    public static StateFileNames of(boolean tpm2) {
        return tpm2 ? TPM2 : TPM12;
    }

    /** E.g. {@code tpm2-00.permall}. */
    public String fileName(StateKind kind) {
        return "tpm" + versionSuffix + "-" + TPM_NUMBER + "." + kind.objectName();
    }

    /** E.g. {@code TMP2-00.permall}. */
    public String tempFileName(StateKind kind) {
        return "TMP" + versionSuffix + "-" + TPM_NUMBER + "." + kind.objectName();
    }
}
