package org.swtpmjava.tpm.tpm2.session;

import org.swtpmjava.tpm.tpm2.types.TpmHandles;

/**
 * One TPMS_AUTH_COMMAND of the authorization area (Part 2, Table 124).
 *
 * @param handle      TPMI_SH_AUTH_SESSION: TPM_RS_PW, or an HMAC or policy session handle
 * @param nonceCaller the caller's nonce (empty for a password session)
 * @param attributes  TPMA_SESSION bits
 * @param hmac        password or HMAC
 */
public record SessionEntry(int handle, byte[] nonceCaller, int attributes, byte[] hmac) {
    /** TPMA_SESSION bits (Part 2, Table 37). */
    public static final int CONTINUE_SESSION = 0x01;
    public static final int AUDIT_EXCLUSIVE = 0x02;
    public static final int AUDIT_RESET = 0x04;
    public static final int RESERVED = 0x18;
    public static final int DECRYPT = 0x20;
    public static final int ENCRYPT = 0x40;
    public static final int AUDIT = 0x80;

    public SessionEntry {
        nonceCaller = nonceCaller.clone();
        hmac = hmac.clone();
    }

    public boolean isPassword() {
        return handle == TpmHandles.RS_PW;
    }

    /** The same entry with other attributes (the response's, e.g. auditExclusive reported). */
    public SessionEntry withAttributes(int value) {
        return new SessionEntry(handle, nonceCaller, value, hmac);
    }

    public boolean has(int attributeBits) {
        return (attributes & attributeBits) != 0;
    }

    @Override
    public byte[] nonceCaller() {
        return nonceCaller.clone();
    }

    @Override
    public byte[] hmac() {
        return hmac.clone();
    }
}
