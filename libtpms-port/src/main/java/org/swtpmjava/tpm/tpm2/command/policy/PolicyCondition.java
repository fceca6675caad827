package org.swtpmjava.tpm.tpm2.command.policy;

import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM_EO (Part 2 §6.8) and PolicySptCheckCondition: the comparison of PolicyCounterTimer and
 * PolicyNV between operand A (TPM data) and operand B (the caller's), both big-endian of equal
 * size. The signed comparisons are libtpms 0.9's SignedCompareB: when both operands are negative
 * it inverts the unsigned comparison, so such operands compare in reverse (fixed in libtpms 0.10).
 */
final class PolicyCondition {
    static final int EQ = 0x0000;
    static final int NEQ = 0x0001;
    static final int SIGNED_GT = 0x0002;
    static final int UNSIGNED_GT = 0x0003;
    static final int SIGNED_LT = 0x0004;
    static final int UNSIGNED_LT = 0x0005;
    static final int SIGNED_GE = 0x0006;
    static final int UNSIGNED_GE = 0x0007;
    static final int SIGNED_LE = 0x0008;
    static final int UNSIGNED_LE = 0x0009;
    static final int BITSET = 0x000A;
    static final int BITCLEAR = 0x000B;

    private PolicyCondition() {
    }

    /** TPM_EO_Unmarshal: above TPM_EO_BITCLEAR is TPM_RC_VALUE. */
    static int readOperation(TpmReader reader) {
        int operation = reader.readU16();
        if (operation > BITCLEAR) {
            throw new TpmRcException(TpmRc.VALUE);
        }
        return operation;
    }

    static boolean holds(int operation, byte[] a, byte[] b) {
        switch (operation) {
            case EQ:
                return unsignedCompare(a, b) == 0;
            case NEQ:
                return unsignedCompare(a, b) != 0;
            case SIGNED_GT:
                return signedCompare(a, b) > 0;
            case UNSIGNED_GT:
                return unsignedCompare(a, b) > 0;
            case SIGNED_LT:
                return signedCompare(a, b) < 0;
            case UNSIGNED_LT:
                return unsignedCompare(a, b) < 0;
            case SIGNED_GE:
                return signedCompare(a, b) >= 0;
            case UNSIGNED_GE:
                return unsignedCompare(a, b) >= 0;
            case SIGNED_LE:
                return signedCompare(a, b) <= 0;
            case UNSIGNED_LE:
                return unsignedCompare(a, b) <= 0;
            case BITSET:
                for (int i = 0; i < b.length; i++) {
                    if ((a[i] & b[i]) != b[i]) {
                        return false;
                    }
                }
                return true;
            default: // BITCLEAR
                for (int i = 0; i < b.length; i++) {
                    if ((a[i] & b[i]) != 0) {
                        return false;
                    }
                }
                return true;
        }
    }

    private static int unsignedCompare(byte[] a, byte[] b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return (a[i] & 0xFF) > (b[i] & 0xFF) ? 1 : -1;
            }
        }
        return 0;
    }

    /** SignedCompareB of libtpms 0.9 (empty operands count as non-negative). */
    private static int signedCompare(byte[] a, byte[] b) {
        int signA = a.length == 0 || (a[0] & 0x80) == 0 ? 1 : 0;
        int signB = b.length == 0 || (b[0] & 0x80) == 0 ? 1 : 0;
        if (signA != signB) {
            return signA - signB;
        }
        return signA == 1 ? unsignedCompare(a, b) : -unsignedCompare(a, b);
    }
}
