package org.swtpmjava.tpm.tpm2.exec;

import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.platform.EmulatedLibtpms;
import org.swtpmjava.tpm.tpm2.platform.TpmFailure;
import org.swtpmjava.tpm.tpm2.platform.VendorInfo;
import org.swtpmjava.tpm.tpm2.types.TpmCc;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmSt;

/**
 * Answers commands while the TPM is in failure mode, as the reference's TpmFailureMode
 * (TpmFail.c): TPM_RC_FAILURE for everything except an exactly-sized TPM2_GetTestResult and a
 * TPM2_GetCapability(TPM_PROPERTIES) of one vendor property.
 */
public final class FailureModeResponder {
    private static final int CAP_TPM_PROPERTIES = 6;
    private static final int PT_MANUFACTURER = 0x105;
    private static final int PT_VENDOR_TPM_TYPE = 0x10A;
    private static final int PT_FIRMWARE_VERSION_1 = 0x10B;
    private static final int PT_FIRMWARE_VERSION_2 = 0x10C;
    /** TPM_RC_NV_UNINITIALIZED is the test result after an unrecoverable NV error. */
    private static final int TEST_RESULT_NV = TpmRc.NV_UNINITIALIZED;

    private final EmulatedLibtpms version;

    public FailureModeResponder(EmulatedLibtpms version) {
        this.version = version;
    }

    public byte[] respond(byte[] command, int failCode) {
        TpmReader reader = new TpmReader(command);
        if (reader.remaining() < ResponseCodes.HEADER_SIZE) {
            return ResponseCodes.error(TpmRc.FAILURE);
        }
        int tag = reader.readU16();
        long size = reader.readU32Unsigned();
        int code = reader.readU32();
        if (tag != TpmSt.NO_SESSIONS || size < ResponseCodes.HEADER_SIZE) {
            return ResponseCodes.error(TpmRc.FAILURE);
        }
        if (code == TpmCc.GET_TEST_RESULT && size == ResponseCodes.HEADER_SIZE) {
            return testResult(failCode);
        }
        if (code == TpmCc.GET_CAPABILITY && size == ResponseCodes.HEADER_SIZE + 12 && reader.remaining() >= 12) {
            int capability = reader.readU32();
            long property = reader.readU32Unsigned();
            long count = reader.readU32Unsigned();
            if (capability == CAP_TPM_PROPERTIES) {
                return vendorProperty(property, count);
            }
        }
        return ResponseCodes.error(TpmRc.FAILURE);
    }

    /**
     * outData = function (4), line (4), failure code (4): the first two are C source locations
     * in libtpms and 0 here; testResult = TPM_RC_FAILURE.
     */
    private static byte[] testResult(int failCode) {
        TpmWriter writer = header();
        writer.writeU16(12).writeU32(0).writeU32(0).writeU32(failCode);
        writer.writeU32(failCode == TpmFailure.FATAL_ERROR_NV_UNRECOVERABLE ? TEST_RESULT_NV : TpmRc.FAILURE);
        return finish(writer);
    }

    /** The reference's quirks are kept: count > 0 means 1, the property is clamped up to MANUFACTURER. */
    private byte[] vendorProperty(long requested, long requestedCount) {
        int count = requestedCount > 0 ? 1 : 0;
        long property = Math.max(requested, PT_MANUFACTURER);
        TpmWriter writer = header();
        writer.writeBool(property < PT_FIRMWARE_VERSION_2);
        writer.writeU32(CAP_TPM_PROPERTIES).writeU32(count).writeU32(property);
        writer.writeU32(count > 0 ? propertyValue(property) : (int) property);
        return finish(writer);
    }

    /**
     * The vendor strings are read from the C string in host byte order there (x86-64: "IBM"
     * becomes 0x004D4249), unlike the normal GetCapability path; reproduced as observed.
     */
    private int propertyValue(long property) {
        if (property >= PT_MANUFACTURER && property < PT_VENDOR_TPM_TYPE) {
            int[] strings = {VendorInfo.MANUFACTURER, VendorInfo.VENDOR_STRING_1, VendorInfo.VENDOR_STRING_2,
                VendorInfo.VENDOR_STRING_3, VendorInfo.VENDOR_STRING_4};
            return Integer.reverseBytes(strings[(int) (property - PT_MANUFACTURER)]);
        }
        if (property == PT_VENDOR_TPM_TYPE) {
            return VendorInfo.VENDOR_TPM_TYPE;
        }
        return property == PT_FIRMWARE_VERSION_1 ? version.firmwareV1() : version.firmwareV2();
    }

    private static TpmWriter header() {
        return new TpmWriter(32).writeU16(TpmSt.NO_SESSIONS).writeU32(0).writeU32(TpmRc.SUCCESS);
    }

    private static byte[] finish(TpmWriter writer) {
        writer.patchU32(2, writer.position());
        return writer.toByteArray();
    }
}
