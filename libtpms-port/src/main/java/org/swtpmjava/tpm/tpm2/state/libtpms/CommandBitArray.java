package org.swtpmjava.tpm.tpm2.state.libtpms;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The command bit arrays of PERSISTENT_DATA, ppList and auditCommands (libtpms.md §4.4.1).
 * Up to PERSISTENT_DATA version 4, bit i stands for the i-th command libtpms 0.9 implements, in
 * command-code order (its "compressed" command index; 110 commands, 14 bytes); from version 5
 * bit i stands for command code 0x11F + i.
 */
public final class CommandBitArray {
    /** TPM_CC_FIRST. */
    static final int FIRST_COMMAND = 0x11F;

    /** The 110 command codes libtpms 0.9.2 implements, in compressed-index order (TPM_CAP_COMMANDS). */
    static final List<Integer> COMMANDS_0_9 = List.of(
            0x11F, 0x120, 0x121, 0x122, 0x124, 0x125, 0x126, 0x127, 0x128, 0x129, 0x12A, 0x12B, 0x12C,
            0x12D, 0x12E, 0x130, 0x131, 0x132, 0x133, 0x134, 0x135, 0x136, 0x137, 0x138, 0x139, 0x13A,
            0x13B, 0x13C, 0x13D, 0x13E, 0x13F, 0x140, 0x142, 0x143, 0x144, 0x145, 0x146, 0x147, 0x148,
            0x149, 0x14A, 0x14B, 0x14C, 0x14D, 0x14E, 0x14F, 0x150, 0x151, 0x152, 0x153, 0x154, 0x155,
            0x156, 0x157, 0x158, 0x159, 0x15B, 0x15C, 0x15D, 0x15E, 0x160, 0x161, 0x162, 0x163, 0x164,
            0x165, 0x167, 0x168, 0x169, 0x16A, 0x16B, 0x16C, 0x16D, 0x16E, 0x16F, 0x170, 0x171, 0x172,
            0x173, 0x174, 0x176, 0x177, 0x178, 0x17A, 0x17B, 0x17C, 0x17D, 0x17E, 0x17F, 0x180, 0x181,
            0x182, 0x183, 0x184, 0x185, 0x186, 0x187, 0x188, 0x189, 0x18A, 0x18B, 0x18C, 0x18D, 0x18E,
            0x18F, 0x190, 0x191, 0x192, 0x193, 0x197);

    /** sizeof(ppList) and sizeof(auditCommands) in 0.9: (COMMAND_COUNT + 7) / 8 resp. (COMMAND_COUNT + 8) / 8 bytes. */
    static final int COMPRESSED_SIZE = 14;

    private CommandBitArray() {
    }

    /**
     * CommandCodeToCommandIndex != UNIMPLEMENTED_COMMAND_INDEX: the command has an index in
     * libtpms 0.9.2's command table (and so a bit in auditCommands), whether or not this engine
     * implements it yet. Codes with the V bit or above 0xFFFF are none.
     */
    public static boolean hasCommandIndex(int commandCode) {
        return COMMANDS_0_9.contains(commandCode);
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
