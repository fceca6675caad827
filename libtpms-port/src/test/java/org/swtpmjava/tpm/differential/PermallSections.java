package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.swtpmjava.tpm.TestBytes;

/**
 * Splits a permall at its top-level sections (libtpms.md §4.3) so that a difference is reported
 * per section. The sections are found by their headers (u16 version, u32 magic) in blob order.
 */
final class PermallSections {
    record Section(String name, int magic) {
    }

    private static final List<Section> ORDER = List.of(
            new Section("PERSISTENT_ALL header", 0xAB364723),
            new Section("PA_COMPILE_CONSTANTS", 0xC9EA6431),
            new Section("PERSISTENT_DATA", 0x12213443),
            new Section("ORDERLY_DATA", 0x56657887),
            new Section("STATE_RESET_DATA", 0x01102332),
            new Section("STATE_CLEAR_DATA", 0x98897667),
            new Section("INDEX_ORDERLY_RAM", 0x5346FEAB),
            new Section("USER_NVRAM", 0x094F22C3));

    private PermallSections() {
    }

    /** Section name to bytes, in order; the last one runs to the end (trailer included). */
    static List<String[]> split(byte[] blob) {
        List<int[]> starts = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < ORDER.size(); i++) {
            int at = find(blob, ORDER.get(i).magic(), from);
            if (at >= 0) {
                starts.add(new int[] {i, at});
                from = at + 6;
            }
        }
        List<String[]> sections = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            int start = starts.get(i)[1];
            int end = i + 1 < starts.size() ? starts.get(i + 1)[1] : blob.length;
            sections.add(new String[] {ORDER.get(starts.get(i)[0]).name(),
                    TestBytes.hex(Arrays.copyOfRange(blob, start, end))});
        }
        return sections;
    }

    /** The hex of one named section, or null if the blob has none. */
    static String section(byte[] blob, String name) {
        return split(blob).stream().filter(s -> s[0].equals(name)).map(s -> s[1]).findFirst().orElse(null);
    }

    static void assertSameSections(byte[] actual, byte[] expected) {
        List<String[]> a = split(actual);
        List<String[]> e = split(expected);
        assertThat(a).extracting(s -> s[0]).containsExactlyElementsOf(e.stream().map(s -> s[0]).toList());
        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < e.size(); i++) {
            softly.assertThat(a.get(i)[1]).as(e.get(i)[0]).isEqualTo(e.get(i)[1]);
        }
        softly.assertAll();
        assertThat(actual).isEqualTo(expected);
    }

    /**
     * {@code blob} as libtpms 0.9.2 writes it again after loading it: its STATE_RESET_DATA
     * unmarshaller leaves the NV copy's nullSeedCompatLevel at 0 (see LibtpmsPermanentCodec). The
     * level is the section's fourth byte from the end (then the empty future block: 01 0000).
     */
    static byte[] asLibtpmsWritesItAgain(byte[] blob) {
        byte[] again = blob.clone();
        int reset = find(blob, 0x01102332, 2);
        if (reset >= 0) {
            int next = find(blob, 0x98897667, reset + 6);
            again[next - 4] = 0;
        }
        return again;
    }

    /** The offset of a section header (version u16 then magic) at or after {@code from}. */
    private static int find(byte[] blob, int magic, int from) {
        for (int i = Math.max(from, 2); i + 4 <= blob.length; i++) {
            int value = ((blob[i] & 0xFF) << 24) | ((blob[i + 1] & 0xFF) << 16) | ((blob[i + 2] & 0xFF) << 8)
                    | (blob[i + 3] & 0xFF);
            if (value == magic) {
                return i - 2;
            }
        }
        return -1;
    }
}
