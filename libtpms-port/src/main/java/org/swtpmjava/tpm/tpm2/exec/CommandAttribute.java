package org.swtpmjava.tpm.tpm2.exec;

/**
 * The per-command attribute bits of the reference's s_commandAttributes
 * (CommandAttributes.h), which drive session handling and NV commits.
 */
public enum CommandAttribute {
    /** The first command parameter is a sized buffer that a decrypt session may encrypt. */
    DECRYPT_2,
    /** As DECRYPT_2 with a 4-byte size field. */
    DECRYPT_4,
    /** The first response parameter is a sized buffer that an encrypt session may encrypt. */
    ENCRYPT_2,
    /** As ENCRYPT_2 with a 4-byte size field. */
    ENCRYPT_4,
    /** The command takes no authorization area (a TPM_ST_SESSIONS tag is TPM_RC_AUTH_CONTEXT). */
    NO_SESSIONS,
    /** The command may write NV (TPMA_CC.nv). */
    NV,
    /** The command may flush many objects (TPMA_CC.extensive). */
    EXTENSIVE,
    /** The command flushes its handles (TPMA_CC.flushed). */
    FLUSHED,
    /** The response carries a handle (TPMA_CC.rHandle). */
    R_HANDLE,
    /** The command needs physical presence by default (PP_REQUIRED). */
    PP_REQUIRED,
    /** A trial policy session may be used. */
    ALLOW_TRIAL
}
