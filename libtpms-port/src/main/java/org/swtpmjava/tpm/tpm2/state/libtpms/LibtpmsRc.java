package org.swtpmjava.tpm.tpm2.state.libtpms;

/**
 * The response codes NVMarshal.c uses. BAD_PARAMETER and BAD_VERSION are libtpms' own values
 * (tpm_library_intern.h), the others are TPM 2.0 Part 2 codes.
 */
final class LibtpmsRc {
    static final int BAD_PARAMETER = 0x03;
    static final int BAD_TAG = 0x01E;
    static final int BAD_VERSION = 0x2E;
    static final int HANDLE = 0x08B;
    static final int HASH = 0x083;
    static final int VALUE = 0x084;
    static final int TYPE = 0x08A;
    static final int RESERVED_BITS = 0x0A1;
    static final int SIZE = 0x095;
    static final int INSUFFICIENT = 0x09A;

    private LibtpmsRc() {
    }
}
