package org.swtpmjava.it.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The traffic recorded in a swtpm log at level 20, as the C swtpm and bin/swtpm write it:
 * a header line {@code SWTPM_IO_Read: length N} (TPM command), {@code SWTPM_IO_Write: length N}
 * (TPM response), {@code Ctrl Cmd: length N} or {@code Ctrl Rsp: length N}, then the N bytes as
 * hex, 16 a line. Other lines are ignored.
 */
final class SwtpmLog {

    enum Kind { TPM_COMMAND, TPM_RESPONSE, CTRL_COMMAND, CTRL_RESPONSE }

    record Entry(Kind kind, byte[] bytes) {
    }

    /**
     * A TPM command and the response that followed; {@code responseCode} -1 and an empty
     * {@code response}: none logged.
     */
    record TpmCall(int commandCode, long responseCode, byte[] command, byte[] response) {
        String name() {
            return TPM2_CC.getOrDefault(commandCode, String.format("CC_0x%x", commandCode));
        }

        /** e.g. {@code Startup=0x0}, {@code PCR_Extend(pcr 2)=0x0}: short, comparable, readable in a diff. */
        @Override
        public String toString() {
            String name = name();
            if (commandCode == 0x182 && command.length >= 14) {
                name += "(pcr " + u32(command, 10) + ")"; // PCR_Extend: pcrHandle follows the header
            }
            return name + "=" + (responseCode < 0 ? "none" : "0x" + Long.toHexString(responseCode));
        }
    }

    /** The TPM 2 command codes the firmwares and Linux send (names as in the TPM 2.0 spec, part 2). */
    static final Map<Integer, String> TPM2_CC = Map.ofEntries(
            Map.entry(0x131, "CreatePrimary"), Map.entry(0x161, "ContextLoad"), Map.entry(0x162, "ContextSave"),
            Map.entry(0x165, "FlushContext"), Map.entry(0x173, "ReadPublic"), Map.entry(0x176, "StartAuthSession"),
            Map.entry(0x17C, "GetTestResult"),
            Map.entry(0x121, "HierarchyControl"), Map.entry(0x129, "HierarchyChangeAuth"),
            Map.entry(0x143, "SelfTest"), Map.entry(0x144, "Startup"), Map.entry(0x145, "Shutdown"),
            Map.entry(0x146, "StirRandom"), Map.entry(0x17A, "GetCapability"), Map.entry(0x17B, "GetRandom"),
            Map.entry(0x17E, "PCR_Read"), Map.entry(0x181, "ReadClock"), Map.entry(0x182, "PCR_Extend"));

    /** Control channel commands (swtpm's CMD_* numbers). */
    static final Map<Integer, String> CTRL = Map.ofEntries(
            Map.entry(1, "GET_CAPABILITY"), Map.entry(2, "INIT"), Map.entry(3, "SHUTDOWN"),
            Map.entry(4, "GET_TPMESTABLISHED"), Map.entry(5, "SET_LOCALITY"), Map.entry(9, "CANCEL_TPM_CMD"),
            Map.entry(11, "RESET_TPMESTABLISHED"), Map.entry(12, "GET_STATEBLOB"), Map.entry(13, "SET_STATEBLOB"),
            Map.entry(14, "STOP"), Map.entry(16, "SET_DATAFD"), Map.entry(17, "SET_BUFFERSIZE"),
            Map.entry(19, "LOCK_STORAGE"));

    private static final Pattern HEADER =
            Pattern.compile("^\\s*(SWTPM_IO_Read|SWTPM_IO_Write|Ctrl Cmd|Ctrl Rsp):\\s*length\\s+(\\d+)");
    private static final Pattern HEX_LINE = Pattern.compile("^\\s*(?:[0-9A-Fa-f]{2}\\s*)+$");

    private final List<Entry> entries;

    private SwtpmLog(List<Entry> entries) {
        this.entries = entries;
    }

    static SwtpmLog read(Path log) throws IOException {
        return parse(Files.readAllLines(log));
    }

    static SwtpmLog parse(List<String> lines) {
        List<Entry> out = new ArrayList<>();
        Kind kind = null;
        int need = 0;
        StringBuilder hex = new StringBuilder();
        for (String line : lines) {
            Matcher h = HEADER.matcher(line);
            if (h.find()) {
                if (kind != null) {
                    out.add(new Entry(kind, bytes(hex)));
                }
                kind = kind(h.group(1));
                need = Integer.parseInt(h.group(2));
                hex.setLength(0);
            } else if (kind != null && hex.length() < 2 * need && HEX_LINE.matcher(line).matches()) {
                hex.append(line.replaceAll("\\s", ""));
            } else if (kind != null) {
                out.add(new Entry(kind, bytes(hex)));
                kind = null;
            }
        }
        if (kind != null) {
            out.add(new Entry(kind, bytes(hex)));
        }
        return new SwtpmLog(out);
    }

    List<Entry> entries() {
        return entries;
    }

    /** Every TPM command with the response that followed it (the data channel is strictly request/response). */
    List<TpmCall> tpmCalls() {
        List<TpmCall> calls = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.kind() != Kind.TPM_COMMAND || e.bytes().length < 10) {
                continue;
            }
            long rc = -1;
            byte[] response = new byte[0];
            for (int j = i + 1; j < entries.size(); j++) {
                Kind k = entries.get(j).kind();
                if (k == Kind.TPM_COMMAND) {
                    break;
                }
                if (k == Kind.TPM_RESPONSE && entries.get(j).bytes().length >= 10) {
                    response = entries.get(j).bytes();
                    rc = u32(response, 6) & 0xffffffffL;
                    break;
                }
            }
            calls.add(new TpmCall(u32(e.bytes(), 6), rc, e.bytes(), response));
        }
        return calls;
    }

    /** Control channel command names in the order received, e.g. SET_DATAFD, GET_CAPABILITY, ... */
    List<String> ctrlCommands() {
        List<String> names = new ArrayList<>();
        for (Entry e : entries) {
            if (e.kind() == Kind.CTRL_COMMAND && e.bytes().length >= 4) {
                int code = u32(e.bytes(), 0);
                names.add(CTRL.getOrDefault(code, "CMD_" + code));
            }
        }
        return names;
    }

    private static Kind kind(String header) {
        switch (header) {
            case "SWTPM_IO_Read":
                return Kind.TPM_COMMAND;
            case "SWTPM_IO_Write":
                return Kind.TPM_RESPONSE;
            case "Ctrl Cmd":
                return Kind.CTRL_COMMAND;
            default:
                return Kind.CTRL_RESPONSE;
        }
    }

    private static byte[] bytes(CharSequence hex) {
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(hex.subSequence(2 * i, 2 * i + 2).toString(), 16);
        }
        return b;
    }

    static int u32(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }
}
