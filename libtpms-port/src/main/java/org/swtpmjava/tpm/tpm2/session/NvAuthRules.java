package org.swtpmjava.tpm.tpm2.session;

import org.swtpmjava.tpm.tpm2.exec.AuthRole;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.state.libtpms.NvIndices;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmSu;
import org.swtpmjava.tpm.tpm2.types.TpmsNvPublic;

/**
 * The NV index cases of the reference's IsPolicySessionRequired, IsAuthValueAvailable and
 * IsAuthPolicyAvailable (Part 1 §19.7, Part 2 §13.4): the ADMIN role of an index needs a policy
 * session; for a write operation (IsWriteOperation: NV_Write, NV_Increment, NV_SetBits,
 * NV_Extend, NV_WriteLock) the authValue is available with TPMA_NV_AUTHWRITE and a policy with
 * TPMA_NV_POLICYWRITE; for any other command with AUTHREAD / POLICYREAD (an empty policy never), except that a PIN
 * index's authValue is available only once written and while pinCount < pinLimit.
 */
public final class NvAuthRules {
    private static final int NV_INCREMENT = 0x134;
    private static final int NV_SET_BITS = 0x135;
    private static final int NV_EXTEND = 0x136;
    private static final int NV_WRITE = 0x137;
    private static final int NV_WRITE_LOCK = 0x138;

    private NvAuthRules() {
    }

    public static boolean isWriteOperation(int commandCode) {
        return commandCode == NV_WRITE || commandCode == NV_INCREMENT || commandCode == NV_SET_BITS
                || commandCode == NV_EXTEND || commandCode == NV_WRITE_LOCK;
    }

    static boolean requiresPolicy(int handle, AuthRole role) {
        return TpmHandles.type(handle) == TpmHandles.HT_NV_INDEX && role == AuthRole.ADMIN;
    }

    static boolean authValueUnavailable(int handle, int commandCode, TpmState state) {
        NvIndices.Index index = index(handle, state);
        if (index == null) {
            return false;
        }
        TpmsNvPublic p = index.publicArea();
        if (isWriteOperation(commandCode)) {
            return !p.has(TpmsNvPublic.AUTHWRITE);
        }
        if (p.type() == TpmsNvPublic.NT_PIN_FAIL || p.type() == TpmsNvPublic.NT_PIN_PASS) {
            if (!p.has(TpmsNvPublic.WRITTEN) || index.data().length < 8) {
                return true;
            }
            long pinCount = readU32(index.data(), 0);
            long pinLimit = readU32(index.data(), 4);
            return pinCount >= pinLimit;
        }
        return !p.has(TpmsNvPublic.AUTHREAD);
    }

    /**
     * Only called for NV handles: whether the index's policy may authorize this command. It needs
     * a policy; the ADMIN role (NV_ChangeAuth, NV_UndefineSpaceSpecial) always uses it.
     */
    static boolean authPolicyAvailable(NvIndices.Index index, int commandCode, AuthRole role) {
        if (index.publicArea().authPolicy().length == 0) {
            return false;
        }
        if (role == AuthRole.ADMIN) {
            return true;
        }
        int bit = isWriteOperation(commandCode) ? TpmsNvPublic.POLICYWRITE : TpmsNvPublic.POLICYREAD;
        return index.publicArea().has(bit);
    }

    /**
     * The PIN processing at the end of CheckAuthSession when an index's authValue was used: a
     * written PIN_FAIL index counts a failure in pinCount and resets it on success, a written
     * PIN_PASS index counts a success. Returns true if NV changed.
     */
    static boolean updatePinCount(int handle, boolean success, TpmState state) {
        NvIndices.Index index = index(handle, state);
        if (index == null || !index.publicArea().has(TpmsNvPublic.WRITTEN) || index.data().length < 8) {
            return false;
        }
        int type = index.publicArea().type();
        long pinCount = readU32(index.data(), 0);
        if (type == TpmsNvPublic.NT_PIN_FAIL) {
            pinCount = success ? 0 : pinCount + 1;
        } else if (type == TpmsNvPublic.NT_PIN_PASS && success) {
            pinCount++;
        } else {
            return false;
        }
        byte[] data = index.data().clone();
        for (int k = 0; k < 4; k++) {
            data[k] = (byte) (pinCount >>> (24 - 8 * k));
        }
        NvIndices.store(state, index.withData(data));
        if (index.publicArea().has(TpmsNvPublic.ORDERLY) && TpmSu.isOrderly(state.persistent().orderlyState())) {
            // NvWriteIndexData of an orderly index sets g_clearOrderly
            state.persistent().setOrderlyState(state.flags().daUsed() ? TpmSu.DA_USED_VALUE : TpmSu.NONE_VALUE);
        }
        return true;
    }

    static NvIndices.Index index(int handle, TpmState state) {
        if (TpmHandles.type(handle) != TpmHandles.HT_NV_INDEX) {
            return null;
        }
        return NvIndices.find(state, handle);
    }

    private static long readU32(byte[] data, int offset) {
        return ((data[offset] & 0xFFL) << 24) | ((data[offset + 1] & 0xFF) << 16)
                | ((data[offset + 2] & 0xFF) << 8) | (data[offset + 3] & 0xFF);
    }
}
