package org.swtpmjava.tpm.tpm2.state.libtpms;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.swtpmjava.tpm.tpm2.platform.LibtpmsCommandCodes;

/**
 * The command bit arrays of PERSISTENT_DATA, ppList and auditCommands (libtpms.md §4.4.1).
 * Up to PERSISTENT_DATA version 4, bit i stands for the i-th command libtpms 0.9 implements, in
 * command-code order (its "compressed" command index; 110 commands, 14 bytes); from version 5
 * bit i stands for command code 0x11F + i.
 */
public final class CommandBitArray {
    /** TPM_CC_FIRST. */
    static final int FIRST_COMMAND = 0x11F;

    /** libtpms 0.9.2's command codes in compressed-index order. */
    static final List<Integer> COMMANDS_0_9 = LibtpmsCommandCodes.ALL;

    /** sizeof(ppList) and sizeof(auditCommands) in 0.9: (COMMAND_COUNT + 7) / 8 resp. (COMMAND_COUNT + 8) / 8 bytes. */
    static final int COMPRESSED_SIZE = 14;

    private CommandBitArray() {
    }

    /** The command codes whose bit is set, in the encoding of PERSISTENT_DATA {@code version}. */
    static SortedSet<Integer> decode(byte[] bits, int version) {
        SortedSet<Integer> codes = new TreeSet<>();
        for (int bit = 0; bit < bits.length * 8; bit++) {
            if ((bits[bit / 8] & (1 << (bit % 8))) == 0) {
                continue;
            }
            if (version >= 5) {
                codes.add(FIRST_COMMAND + bit);
            } else if (bit < COMMANDS_0_9.size()) {
                codes.add(COMMANDS_0_9.get(bit)); // bits past the list are what the 0.9 reader truncates
            }
        }
        return codes;
    }

    /** The compressed encoding of version <= 4: 14 bytes; codes 0.9 does not implement are lost. */
    static byte[] encodeCompressed(Iterable<Integer> codes) {
        byte[] bits = new byte[COMPRESSED_SIZE];
        for (int code : codes) {
            int index = COMMANDS_0_9.indexOf(code);
            if (index >= 0) {
                bits[index / 8] |= (byte) (1 << (index % 8));
            }
        }
        return bits;
    }

    /** The version 5 encoding: bytes up to the highest command set. */
    static byte[] encodeByCode(Iterable<Integer> codes) {
        List<Integer> offsets = new ArrayList<>();
        int highest = -1;
        for (int code : codes) {
            int offset = code - FIRST_COMMAND;
            if (offset >= 0 && offset < 0x10000) {
                offsets.add(offset);
                highest = Math.max(highest, offset);
            }
        }
        byte[] bits = new byte[highest / 8 + 1];
        for (int offset : offsets) {
            bits[offset / 8] |= (byte) (1 << (offset % 8));
        }
        return bits;
    }
}
