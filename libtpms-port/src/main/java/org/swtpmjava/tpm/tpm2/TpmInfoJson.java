package org.swtpmjava.tpm.tpm2;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.swtpmjava.tpm.tpm2.platform.EmulatedLibtpms;
import org.swtpmjava.tpm.tpm2.platform.VendorInfo;

/**
 * TPMLIB_GetInfo's JSON, byte for byte as libtpms 0.9.2 prints it (no spaces): one member per
 * requested flag among TPMSpecification (1), TPMAttributes (2) and TPMFeatures (4); the flags
 * that 0.10 added (8..128) give nothing, so they alone give "{}".
 */
final class TpmInfoJson {
    static final long SPECIFICATION = 1;
    static final long ATTRIBUTES = 2;
    static final long FEATURES = 4;

    private TpmInfoJson() {
    }

    static String of(long flags, EmulatedLibtpms version) {
        List<String> members = new ArrayList<>();
        if ((flags & SPECIFICATION) != 0) {
            members.add(String.format("\"TPMSpecification\":{\"family\":\"2.0\",\"level\":%d,\"revision\":%d}",
                    version.library().level(), version.library().revision()));
        }
        if ((flags & ATTRIBUTES) != 0) {
            members.add(String.format("\"TPMAttributes\":{\"manufacturer\":\"%s\",\"version\":\"id:%08X\","
                    + "\"model\":\"%s\"}", VendorInfo.GET_INFO_MANUFACTURER, version.firmwareV1(),
                    VendorInfo.GET_INFO_MODEL));
        }
        if ((flags & FEATURES) != 0) {
            members.add(String.format("\"TPMFeatures\":{\"RSAKeySizes\":[%s],\"CamelliaKeySizes\":[%s]}",
                    join(version.rsaKeySizes()), join(version.camelliaKeySizes())));
        }
        return "{" + String.join(",", members) + "}";
    }

    private static String join(List<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
