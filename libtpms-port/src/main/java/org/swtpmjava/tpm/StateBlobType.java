package org.swtpmjava.tpm;

/** The three state blobs of libtpms, with the names its NV callbacks use (tpm_nvfilename.h). */
public enum StateBlobType {
    PERMANENT("permall"),
    VOLATILE("volatilestate"),
    SAVESTATE("savestate");

    private final String libtpmsName;

    StateBlobType(String libtpmsName) {
        this.libtpmsName = libtpmsName;
    }

    /** "permall", "volatilestate" or "savestate". */
    public String libtpmsName() {
        return libtpmsName;
    }
}
