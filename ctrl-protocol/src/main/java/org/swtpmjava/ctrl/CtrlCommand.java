package org.swtpmjava.ctrl;

import java.util.Optional;

/**
 * The control-channel commands (swtpm's {@code CMD_*}, include/swtpm/tpm_ioctl.h),
 * with the payload-length rule each one is checked against (swtpm-protocol.md §2.1).
 */
public enum CtrlCommand {
    GET_CAPABILITY(0x01, PayloadRule.UNCHECKED, 0),
    INIT(0x02, PayloadRule.EXACT, 4),
    SHUTDOWN(0x03, PayloadRule.EXACT, 0),
    GET_TPMESTABLISHED(0x04, PayloadRule.EXACT, 0),
    SET_LOCALITY(0x05, PayloadRule.AT_LEAST, 1),
    HASH_START(0x06, PayloadRule.EXACT, 0),
    HASH_DATA(0x07, PayloadRule.LENGTH_PREFIXED, 4),
    HASH_END(0x08, PayloadRule.EXACT, 0),
    CANCEL_TPM_CMD(0x09, PayloadRule.EXACT, 0),
    STORE_VOLATILE(0x0a, PayloadRule.EXACT, 0),
    RESET_TPMESTABLISHED(0x0b, PayloadRule.AT_LEAST, 1),
    GET_STATEBLOB(0x0c, PayloadRule.AT_LEAST, 12),
    SET_STATEBLOB(0x0d, PayloadRule.LENGTH_PREFIXED, 12),
    STOP(0x0e, PayloadRule.EXACT, 0),
    GET_CONFIG(0x0f, PayloadRule.EXACT, 0),
    SET_DATAFD(0x10, PayloadRule.UNCHECKED, 0),
    SET_BUFFERSIZE(0x11, PayloadRule.AT_LEAST, 4),
    GET_INFO(0x12, PayloadRule.AT_LEAST, 16),
    LOCK_STORAGE(0x13, PayloadRule.AT_LEAST, 4);

    /** How the bytes after the 4-byte code are checked. */
    public enum PayloadRule {
        /** Not checked at all. */
        UNCHECKED,
        /** Exactly {@link #fixedPayload()} bytes. */
        EXACT,
        /** At least {@link #fixedPayload()} bytes; more are ignored. */
        AT_LEAST,
        /** {@link #fixedPayload()} header bytes ending in a u32 length, then exactly that many data bytes. */
        LENGTH_PREFIXED
    }

    private static final CtrlCommand[] BY_CODE = new CtrlCommand[0x14];

    static {
        for (CtrlCommand c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    private final int code;
    private final PayloadRule rule;
    private final int fixedPayload;

    CtrlCommand(int code, PayloadRule rule, int fixedPayload) {
        this.code = code;
        this.rule = rule;
        this.fixedPayload = fixedPayload;
    }

    /** The u32 command code on the wire. */
    public int code() {
        return code;
    }

    public PayloadRule payloadRule() {
        return rule;
    }

    /** Payload bytes the rule counts (for LENGTH_PREFIXED: the fixed header before the data). */
    public int fixedPayload() {
        return fixedPayload;
    }

    /** The command with this code, if swtpm knows it. */
    public static Optional<CtrlCommand> fromCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_CODE[code]);
    }
}
