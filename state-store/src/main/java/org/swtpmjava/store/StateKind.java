package org.swtpmjava.store;

/** The three objects swtpm stores per TPM (swtpm-protocol.md §5.1.1). */
public enum StateKind {
    PERMANENT("permall"),
    VOLATILE("volatilestate"),
    SAVESTATE("savestate");

    private final String objectName;

    StateKind(String objectName) {
        this.objectName = objectName;
    }

    /** The libtpms name, also the file-name suffix: "permall", "volatilestate", "savestate". */
    public String objectName() {
        return objectName;
    }
}
