package org.swtpmjava.tpm.tpm2.platform;

import java.util.Set;

/**
 * The command codes libtpms 0.9.2 implements (TpmProfile.h and CommandAttributeData.h): every
 * TPM_CC from TPM_CC_NV_UndefineSpaceSpecial (0x11F) to TPM_CC_CertifyX509 (0x197) but the unused
 * codes and the disabled FieldUpgradeStart/Data, FirmwareRead and AC commands - 110 commands
 * (TPM2_MAC/MAC_Start at HMAC's 0x155/0x15B included),
 * whether or not this engine implements them yet. TPM2_PolicyCommandCode accepts exactly these
 * (CommandCodeToCommandIndex).
 */
public final class LibtpmsCommandCodes {
    private static final int FIRST = 0x11F;
    private static final int LAST = 0x197;
    private static final Set<Integer> NOT_IMPLEMENTED = Set.of(0x123, 0x12F, 0x141, 0x15A, 0x15F,
            0x166, 0x175, 0x179, 0x194, 0x195, 0x196);

    private LibtpmsCommandCodes() {
    }

    public static boolean isImplemented(int commandCode) {
        return commandCode >= FIRST && commandCode <= LAST && !NOT_IMPLEMENTED.contains(commandCode);
    }
}
