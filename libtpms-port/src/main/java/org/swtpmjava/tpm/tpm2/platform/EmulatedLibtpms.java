package org.swtpmjava.tpm.tpm2.platform;

import java.util.List;

/**
 * The values that depend on which libtpms release is emulated (libtpms.md §7.14): spec
 * versions, the compiled firmware version, buffer-size limits and the C struct sizes that leak
 * into capabilities. One engine emulates one release.
 *
 * @param library           TPM_PT_LEVEL, _REVISION, _DAY_OF_YEAR, _YEAR
 * @param platformFamily    TPM_PT_PS_FAMILY_INDICATOR
 * @param platform          TPM_PT_PS_LEVEL, _REVISION, _DAY_OF_YEAR, _YEAR
 * @param firmwareV1        FIRMWARE_V1, stored in PERSISTENT_DATA at manufacture
 * @param firmwareV2        FIRMWARE_V2
 * @param minBufferSize     TPMLIB_SetBufferSize minimum (sizeof(TPMS_CONTEXT) + 128)
 * @param maxBufferSize     TPM_BUFFER_MAX
 * @param structSizes       capability values computed from C struct sizes
 * @param rsaKeySizes       GetInfo TPMFeatures RSAKeySizes
 * @param camelliaKeySizes  GetInfo TPMFeatures CamelliaKeySizes
 */
public record EmulatedLibtpms(SpecVersion library, int platformFamily, SpecVersion platform,
                              int firmwareV1, int firmwareV2, int minBufferSize, int maxBufferSize,
                              StructSizes structSizes, List<Integer> rsaKeySizes, List<Integer> camelliaKeySizes) {

    /** libtpms 0.9.2 as installed with swtpm 0.7.1 (observed values, libtpms.md §2.3). */
    public static final EmulatedLibtpms V0_9_2 = new EmulatedLibtpms(
            new SpecVersion(0, 164, 75, 2021), VendorInfo.FAMILY_INDICATOR, new SpecVersion(0, 164, 75, 2021),
            0x20191023, 0x00163636, 2808, 4096, new StructSizes(2692, 404, 65, 25),
            List.of(1024, 2048, 3072), List.of(128, 256));

    public EmulatedLibtpms {
        rsaKeySizes = List.copyOf(rsaKeySizes);
        camelliaKeySizes = List.copyOf(camelliaKeySizes);
    }

    /** A specification's level, revision (times 100) and date (TCG calendar). */
    public record SpecVersion(int level, int revision, int dayOfYear, int year) {
    }

    /**
     * Values that libtpms derives from x86-64 struct sizes.
     *
     * @param maxObjectContext  TPM_PT_MAX_OBJECT_CONTEXT (92 + sizeof(OBJECT))
     * @param maxSessionContext TPM_PT_MAX_SESSION_CONTEXT (92 + sizeof(SESSION))
     * @param hrPersistentAvail TPM_PT_HR_PERSISTENT_AVAIL with empty NV
     * @param nvCountersAvail   TPM_PT_NV_COUNTERS_AVAIL with empty NV
     */
    public record StructSizes(int maxObjectContext, int maxSessionContext, int hrPersistentAvail,
                              int nvCountersAvail) {
    }
}
