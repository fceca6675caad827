package org.swtpmjava.tpm.tpm2.state;

/**
 * The per-PCR attributes of libtpms' PC-client table (reference PCR.c s_initAttributes and
 * PCRBelongs*Group): whether Shutdown(STATE) saves the PCR, the localities (bit n = locality n)
 * that may reset and extend it, and the "no increment" group.
 */
public record PcrAttributes(boolean stateSave, int resetLocalities, int extendLocalities) {
    private static final PcrAttributes STATIC_RTM = new PcrAttributes(true, 0x00, 0x1F);

    /** PCR_FIRST + DRTM_PCR. */
    public static final int DRTM_PCR = 17;
    /** PCR_FIRST + HCRTM_PCR. */
    public static final int HCRTM_PCR = 0;

    /** The attributes of PCR {@code pcr} (0..23). */
    public static PcrAttributes of(int pcr) {
        return switch (pcr) {
            case 16, 23 -> new PcrAttributes(false, 0x0F, 0x1F);
            case 17, 18 -> new PcrAttributes(false, 0x10, 0x1C);
            case 19 -> new PcrAttributes(false, 0x10, 0x0C);
            case 20 -> new PcrAttributes(false, 0x14, 0x0E);
            case 21, 22 -> new PcrAttributes(false, 0x14, 0x04);
            default -> {
                if (pcr < 0 || pcr > 15) {
                    throw new IllegalArgumentException("no such PCR: " + pcr);
                }
                yield STATIC_RTM;
            }
        };
    }

    /** PCRIsExtendAllowed: the locality's bit (0 for localities above 7, a UINT8 shift) is in the extend set. */
    public boolean extendAllowed(int locality) {
        return (localityBit(locality) & extendLocalities) != 0;
    }

    /** PCRIsResetAllowed: never from locality 4 (a DRTM TPM), otherwise the reset set decides. */
    public boolean resetAllowed(int locality) {
        return locality != 4 && (localityBit(locality) & resetLocalities) != 0;
    }

    private static int localityBit(int locality) {
        return locality >= 0 && locality < 8 ? 1 << locality : 0;
    }

    /** Reset by locality 4, so its reset value is all ones until a DRTM resets it. */
    public boolean resetByLocality4() {
        return (resetLocalities & 0x10) != 0;
    }

    /**
     * PCRBelongsTCBGroup: extending PCRs 16 and 21-23 does not bump pcrUpdateCounter
     * (libtpms' PC-client correction, see libtpms.md §7.8).
     */
    public static boolean noIncrement(int pcr) {
        return pcr == 16 || (pcr >= 21 && pcr <= 23);
    }

    /** PCRBelongsPolicyGroup / AuthGroup: PCRs 20-22. */
    public static boolean inPolicyGroup(int pcr) {
        return pcr >= 20 && pcr <= 22;
    }
}
