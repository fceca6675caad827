package org.swtpmjava.it.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The replay the boot tests rely on, on logs built here byte by byte (Firmware Profile §10). */
class TcgEventLogTest {

    private static final int EV_SEPARATOR = 4;

    @Test
    void replaysEachBankFromItsStartingValues() throws Exception {
        byte[] a = filled(32, 0xA1);
        byte[] b = filled(32, 0xB2);
        byte[] log = log(event2(0, EV_SEPARATOR, filled(20, 1), a), event2(0, EV_SEPARATOR, filled(20, 2), b),
                event2(17, EV_SEPARATOR, filled(20, 3), a),
                event2(5, TcgEventLog.EV_NO_ACTION, filled(20, 4), b));
        TcgEventLog parsed = TcgEventLog.parse(log);

        assertThat(parsed.events()).hasSize(5);
        assertThat(parsed.replay("sha256")).containsOnlyKeys(0, 17);
        assertThat(parsed.replay("sha256").get(0)).isEqualTo(extend(extend(new byte[32], a), b));
        assertThat(parsed.replay("sha256").get(17)).isEqualTo(extend(filled(32, 0xFF), a));
        assertThat(parsed.replay("sha1").get(0)).isEqualTo(extend("SHA-1", extend("SHA-1", new byte[20],
                filled(20, 1)), filled(20, 2)));
    }

    @Test
    void aStartupLocalityEventSetsPcr0sStartingValue() throws Exception {
        byte[] locality = ByteBuffer.allocate(17).put("StartupLocality\0".getBytes(StandardCharsets.US_ASCII))
                .put((byte) 3).array();
        byte[] a = filled(32, 0xA1);
        byte[] log = log(event2(0, TcgEventLog.EV_NO_ACTION, new byte[20], new byte[32], locality),
                event2(0, EV_SEPARATOR, filled(20, 1), a));
        byte[] start = new byte[32];
        start[31] = 3;
        assertThat(TcgEventLog.parse(log).replay("sha256").get(0)).isEqualTo(extend(start, a));
    }

    @Test
    void aLogWithoutTheSpecIdEventIsRejected() {
        byte[] log = log(new byte[0]);
        log[8 + 20 + 4] = 'X'; // the signature's first byte
        assertThatThrownBy(() -> TcgEventLog.parse(log)).hasMessageContaining("Spec ID Event03");
    }

    /** The first event (SHA-1 format) with a Spec ID structure listing sha1 and sha256, then the events. */
    private static byte[] log(byte[]... events) {
        ByteBuffer spec = le(16 + 4 + 4 + 4 + 2 * 4 + 1).put("Spec ID Event03\0".getBytes(StandardCharsets.US_ASCII))
                .putInt(0).put((byte) 0).put((byte) 2).put((byte) 0).put((byte) 2)
                .putInt(2).putShort((short) 0x4).putShort((short) 20).putShort((short) 0xB).putShort((short) 32)
                .put((byte) 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(le(4 + 4 + 20 + 4).putInt(0).putInt(TcgEventLog.EV_NO_ACTION).put(new byte[20])
                .putInt(spec.capacity()).array());
        out.writeBytes(spec.array());
        Arrays.stream(events).forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static byte[] event2(int pcr, int type, byte[] sha1, byte[] sha256) {
        return event2(pcr, type, sha1, sha256, new byte[] {1, 2, 3});
    }

    private static byte[] event2(int pcr, int type, byte[] sha1, byte[] sha256, byte[] data) {
        return le(4 + 4 + 4 + 2 + 20 + 2 + 32 + 4 + data.length).putInt(pcr).putInt(type).putInt(2)
                .putShort((short) 0x4).put(sha1).putShort((short) 0xB).put(sha256).putInt(data.length).put(data)
                .array();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] extend(byte[] pcr, byte[] digest) throws Exception {
        return extend("SHA-256", pcr, digest);
    }

    private static byte[] extend(String alg, byte[] pcr, byte[] digest) throws Exception {
        MessageDigest md = MessageDigest.getInstance(alg);
        md.update(pcr);
        md.update(digest);
        return md.digest();
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
