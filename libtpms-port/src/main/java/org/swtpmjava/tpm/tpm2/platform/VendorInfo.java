package org.swtpmjava.tpm.tpm2.platform;

/** libtpms' vendor identity (VendorString.h), the same in every libtpms version (libtpms.md §2.4). */
public final class VendorInfo {
    /** TPM_PT_MANUFACTURER: "IBM" padded with a zero byte. */
    public static final int MANUFACTURER = 0x49424D00;
    /** TPM_PT_VENDOR_STRING_1: "SW  ". */
    public static final int VENDOR_STRING_1 = 0x53572020;
    /** TPM_PT_VENDOR_STRING_2: " TPM". */
    public static final int VENDOR_STRING_2 = 0x2054504D;
    public static final int VENDOR_STRING_3 = 0;
    public static final int VENDOR_STRING_4 = 0;
    /** TPM_PT_VENDOR_TPM_TYPE. */
    public static final int VENDOR_TPM_TYPE = 1;
    /** TPM_PT_FAMILY_INDICATOR: "2.0". */
    public static final int FAMILY_INDICATOR = 0x322E3000;
    /** TCG vendor id of IBM, as GetInfo's "manufacturer" reports it. */
    public static final String GET_INFO_MANUFACTURER = "id:00001014";
    public static final String GET_INFO_MODEL = "swtpm";

    private VendorInfo() {
    }
}
