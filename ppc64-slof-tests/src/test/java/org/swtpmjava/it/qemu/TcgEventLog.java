package org.swtpmjava.it.qemu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A firmware event log in the TCG PC Client "crypto agile" format, as Linux exposes it in
 * {@code /sys/kernel/security/tpm0/binary_bios_measurements}: a first event in the SHA-1 format
 * carrying the "Spec ID Event03" structure (which lists the digest sizes), then TCG_PCR_EVENT2
 * records, all little-endian (TCG PC Client Platform Firmware Profile §10.2).
 */
final class TcgEventLog {

    /** EV_NO_ACTION: recorded but never extended (Firmware Profile §10.4.1). */
    static final int EV_NO_ACTION = 3;

    private static final byte[] SPEC_ID_SIGNATURE = "Spec ID Event03\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STARTUP_LOCALITY = "StartupLocality\0".getBytes(StandardCharsets.US_ASCII);
    private static final Map<Integer, String> BANKS = Map.of(0x4, "sha1", 0xB, "sha256", 0xC, "sha384",
            0xD, "sha512");

    /** One measurement: the PCR, the event type, a digest per bank (bank name -> digest). */
    record Event(int pcr, int type, Map<String, byte[]> digests, byte[] data) {
    }

    private final List<Event> events;

    private TcgEventLog(List<Event> events) {
        this.events = events;
    }

    List<Event> events() {
        return events;
    }

    static TcgEventLog parse(byte[] log) {
        ByteBuffer b = ByteBuffer.wrap(log).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> events = new ArrayList<>();
        // The first event: pcr, type, SHA-1 digest[20], size, TCG_EfiSpecIDEventStruct.
        int pcr = b.getInt();
        int type = b.getInt();
        byte[] sha1 = bytes(b, 20);
        byte[] specId = bytes(b, b.getInt());
        events.add(new Event(pcr, type, Map.of("sha1", sha1), specId));
        Map<Integer, Integer> digestSizes = digestSizes(specId);
        while (b.remaining() >= 8) {
            pcr = b.getInt();
            type = b.getInt();
            int count = b.getInt();
            Map<String, byte[]> digests = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                int alg = Short.toUnsignedInt(b.getShort());
                Integer size = digestSizes.get(alg);
                if (size == null) {
                    throw new IllegalArgumentException("digest of algorithm 0x" + Integer.toHexString(alg)
                            + " not listed in the Spec ID event");
                }
                digests.put(BANKS.getOrDefault(alg, "alg" + alg), bytes(b, size));
            }
            events.add(new Event(pcr, type, digests, bytes(b, b.getInt())));
        }
        return new TcgEventLog(events);
    }

    /**
     * The PCR values the log extends to, for {@code bank}: only the PCRs the log measures into.
     * Starting values as after TPM2_Startup: zeros, PCRs 17-22 all ones, and PCR 0 ending in the
     * locality a StartupLocality event names (Firmware Profile §10.4.5.3).
     */
    Map<Integer, byte[]> replay(String bank) {
        MessageDigest md = digest(bank);
        int locality = startupLocality();
        Map<Integer, byte[]> pcrs = new TreeMap<>();
        for (Event e : events.subList(1, events.size())) {
            if (e.type() == EV_NO_ACTION) {
                continue;
            }
            byte[] digest = e.digests().get(bank);
            if (digest == null) {
                throw new IllegalArgumentException("event for PCR " + e.pcr() + " has no " + bank + " digest");
            }
            md.update(pcrs.computeIfAbsent(e.pcr(), i -> initial(i, md.getDigestLength(), locality)));
            md.update(digest);
            pcrs.put(e.pcr(), md.digest());
        }
        return pcrs;
    }

    private int startupLocality() {
        for (Event e : events) {
            if (e.type() == EV_NO_ACTION && startsWith(e.data(), STARTUP_LOCALITY)) {
                return e.data()[STARTUP_LOCALITY.length];
            }
        }
        return 0;
    }

    /** {@link #replay} as upper-case hex, the way the kernel prints PCRs in sysfs. */
    Map<Integer, String> replayHex(String bank) {
        Map<Integer, String> hex = new TreeMap<>();
        replay(bank).forEach((pcr, value) -> hex.put(pcr, HexFormat.of().withUpperCase().formatHex(value)));
        return hex;
    }

    private static byte[] initial(int pcr, int size, int startupLocality) {
        byte[] value = new byte[size];
        if (pcr >= 17 && pcr <= 22) {
            Arrays.fill(value, (byte) 0xFF);
        } else if (pcr == 0) {
            value[size - 1] = (byte) startupLocality;
        }
        return value;
    }

    /** algorithmId -> digestSize from TCG_EfiSpecIDEventStruct (Firmware Profile §10.4.5.1). */
    private static Map<Integer, Integer> digestSizes(byte[] specId) {
        if (!startsWith(specId, SPEC_ID_SIGNATURE)) {
            throw new IllegalArgumentException("not a crypto-agile log: the first event is not Spec ID Event03");
        }
        ByteBuffer s = ByteBuffer.wrap(specId).order(ByteOrder.LITTLE_ENDIAN);
        s.position(SPEC_ID_SIGNATURE.length + 4 + 4); // platformClass, version minor/major, errata, uintnSize
        int algorithms = s.getInt();
        Map<Integer, Integer> sizes = new TreeMap<>();
        for (int i = 0; i < algorithms; i++) {
            sizes.put(Short.toUnsignedInt(s.getShort()), Short.toUnsignedInt(s.getShort()));
        }
        return sizes;
    }

    private static MessageDigest digest(String bank) {
        try {
            return MessageDigest.getInstance(bank.replace("sha", "SHA-"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("no digest for bank " + bank, e);
        }
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] bytes(ByteBuffer b, int n) {
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }
}
