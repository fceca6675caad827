package org.swtpmjava.tpm.differential;

import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.DifferentialCommands.getCapability;
import static org.swtpmjava.tpm.differential.DifferentialCommands.password;
import static org.swtpmjava.tpm.differential.DifferentialCommands.sessions;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.NO_SESSIONS;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.PW;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.SESSIONS;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.compare;

import org.junit.jupiter.api.Test;

/**
 * HashSequenceStart, SequenceUpdate, SequenceComplete, EventSequenceComplete and FlushContext
 * with their error paths, the same bytes to the C swtpm and to the engine, compared byte for
 * byte (ticket HMACs masked: the hierarchy proofs are random).
 */
class SwtpmSequenceDifferentialTest {
    private static final String OWNER = "40000001";
    private static final String NULL = "40000007";
    private static final String READ_16_TO_23 = "00000002 0004 03 0000ff 000b 03 0000ff";

    static byte[] start(String authHex, int hashAlg) {
        String auth = authHex.replace(" ", "");
        return command(NO_SESSIONS, 0x186, String.format("%04x%s%04x", auth.length() / 2, auth, hashAlg));
    }

    static byte[] update(int handle, String session, String bufferHex) {
        return command(SESSIONS, 0x15C, String.format("%08x", handle) + sessions(session) + sized(bufferHex));
    }

    static byte[] complete(int handle, String session, String bufferHex, String hierarchy) {
        return command(SESSIONS, 0x13E, String.format("%08x", handle) + sessions(session) + sized(bufferHex) + hierarchy);
    }

    static byte[] eventComplete(int pcr, int handle, String pcrSession, String session, String bufferHex) {
        return command(SESSIONS, 0x185, String.format("%08x%08x", pcr, handle) + sessions(pcrSession, session)
                + sized(bufferHex));
    }

    static byte[] flush(int handle) {
        return command(NO_SESSIONS, 0x165, String.format("%08x", handle));
    }

    private static String sized(String hex) {
        String bytes = hex.replace(" ", "");
        return String.format("%04x", bytes.length() / 2) + bytes;
    }

    @Test
    void hashSequences() {
        compare(t -> {
            t.send("start before Startup", start("", 0xB));
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("SHA-256, auth abcd", start("abcd", 0xB));
            t.send("update, right auth", update(0x80000000, password(0, "abcd"), "616263"));
            t.send("update, auth with trailing zero", update(0x80000000, password(0, "abcd00"), "646566"));
            t.send("update, wrong auth", update(0x80000000, PW, "00"));
            t.send("update, no sessions", command(NO_SESSIONS, 0x15C, "80000000 0000"));
            t.send("update, 1025 bytes", update(0x80000000, password(0, "abcd"), "ee".repeat(1025)));
            t.send("update, truncated buffer", command(SESSIONS, 0x15C, "80000000" + sessions(password(0, "abcd")) + "0010 ee"));
            t.send("update, empty slot", update(0x80000001, PW, "00"));
            t.send("update, slot 3", update(0x80000003, PW, "00"));
            t.send("update, persistent", update(0x81000000, PW, "00"));
            t.send("update, PCR handle", update(0x00000001, PW, "00"));
            t.send("HR_LOADED..HR_TRANSIENT_AVAIL", getCapability(6, 0x203, 5));
            t.send("TPM_CAP_HANDLES transient", getCapability(1, 0x80000000, 8));
            t.send("complete, owner ticket", complete(0x80000000, password(0, "abcd"), "1234", OWNER),
                    Masks.hashTicketBeforePasswordSession());
            t.send("complete again: flushed", complete(0x80000000, password(0, "abcd"), "", NULL));
            t.send("SHA-1, no auth", start("", 0x4));
            t.send("complete, bad hierarchy", complete(0x80000000, PW, "", "40000003"));
            t.send("complete, truncated hierarchy", complete(0x80000000, PW, "", "4000"));
            t.send("complete, trailing byte", complete(0x80000000, PW, "", NULL + "00"));
            t.send("complete, NULL hierarchy", complete(0x80000000, PW, "ff544347", NULL));
            t.send("SHA-384", start("", 0xC));
            t.send("first block starts with TPM_GENERATED", update(0x80000000, PW, "ff544347 00"));
            t.send("complete: null ticket", complete(0x80000000, PW, "01020304", OWNER));
            t.send("SHA-512", start("", 0xD));
            t.send("short first block", update(0x80000000, PW, "0102"));
            t.send("complete: null ticket", complete(0x80000000, PW, "01020304", OWNER));
            t.send("SHA-256", start("", 0xB));
            t.send("complete with a short block: null ticket", complete(0x80000000, PW, "01", "4000000b"));
            t.send("SHA-256", start("", 0xB));
            t.send("complete with 4 bytes: ticket", complete(0x80000000, PW, "01020304", "4000000c"),
                    Masks.hashTicketBeforePasswordSession());
            t.send("SHA-256", start("", 0xB));
            t.send("complete, empty: null ticket", complete(0x80000000, PW, "", OWNER));
        });
    }

    @Test
    void startErrorsAndSlots() {
        compare(t -> {
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("unknown hash", start("", 0x99));
            t.send("RSA as hash", start("", 0x1));
            t.send("auth 64 bytes", start("11".repeat(64), 0xB));
            t.send("auth 65 bytes", start("11".repeat(65), 0xB));
            t.send("truncated auth", command(NO_SESSIONS, 0x186, "0004 11"));
            t.send("no hashAlg", command(NO_SESSIONS, 0x186, "0000"));
            t.send("trailing byte", command(NO_SESSIONS, 0x186, "0000 000b 00"));
            t.send("with a password session", command(SESSIONS, 0x186, sessions(PW) + "0000 000b"));
            t.send("event sequence", start("", 0x10));
            t.send("event sequence", start("", 0x10));
            t.send("no slot left", start("", 0xB));
            t.send("HR_LOADED..HR_TRANSIENT_AVAIL", getCapability(6, 0x203, 5));
            t.send("TPM_CAP_HANDLES from 0x80000001", getCapability(1, 0x80000001, 8));
            t.send("flush slot 1", flush(0x80000001));
            t.send("flush slot 1 again", flush(0x80000001));
            t.send("flush slot 3", flush(0x80000003));
            t.send("flush HMAC session", flush(0x02000000));
            t.send("flush policy session 0x3f", flush(0x0300003F));
            t.send("flush session 0x40", flush(0x02000040));
            t.send("flush owner", flush(0x40000001));
            t.send("flush persistent", flush(0x81000000));
            t.send("flush truncated", command(NO_SESSIONS, 0x165, "8000"));
            t.send("flush with a session", command(SESSIONS, 0x165, "80000000" + sessions(PW)));
            t.send("slot 1 is reused", start("", 0x4));
            t.send("TPM_CAP_HANDLES transient", getCapability(1, 0x80000000, 8));
            t.send("Shutdown(CLEAR)", command(NO_SESSIONS, 0x145, "0000"));
            t.record("INIT", t.tpm().init());
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("sequences are gone", update(0x80000000, PW, "00"));
            t.send("TPM_CAP_HANDLES transient", getCapability(1, 0x80000000, 8));
        });
    }

    @Test
    void eventSequences() {
        compare(t -> {
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("event sequence, auth 01", start("01", 0x10));
            t.send("SHA-256 sequence", start("", 0xB));
            t.send("update event", update(0x80000000, password(0, "01"), "616263"));
            t.send("SequenceComplete on an event sequence", complete(0x80000000, password(0, "01"), "", NULL));
            t.send("EventSequenceComplete on a hash sequence", eventComplete(16, 0x80000001, PW, PW, ""));
            t.send("wrong sequence auth", eventComplete(16, 0x80000000, PW, PW, ""));
            t.send("one session only", command(SESSIONS, 0x185, "00000010 80000000" + sessions(PW) + "0000"));
            t.send("PCR 24", eventComplete(24, 0x80000000, PW, password(0, "01"), ""));
            t.send("empty slot", eventComplete(16, 0x80000002, PW, PW, ""));
            t.send("1025 bytes", eventComplete(16, 0x80000000, PW, password(0, "01"), "ee".repeat(1025)));
            t.send("PCR 17 at locality 0", eventComplete(17, 0x80000000, PW, password(0, "01"), "64"));
            t.send("PCR 16", eventComplete(16, 0x80000000, PW, password(0, "01"), "646566"));
            t.send("flushed", eventComplete(16, 0x80000000, PW, password(0, "01"), ""));
            t.send("PCR_Read 16-23", command(NO_SESSIONS, 0x17E, READ_16_TO_23));
            t.send("event sequence", start("", 0x10));
            t.send("TPM_RH_NULL", eventComplete(0x40000007, 0x80000000, PW, PW, "aa"));
            t.send("event sequence", start("", 0x10));
            t.record("locality 3", t.tpm().setLocality(3));
            t.send("PCR 17 at locality 3", eventComplete(17, 0x80000000, PW, PW, "aa"));
            t.record("locality 0", t.tpm().setLocality(0));
            t.send("PCR_Read 16-23", command(NO_SESSIONS, 0x17E, READ_16_TO_23));
            t.send("SHA-1 sequence", start("", 0x4));
            t.send("update 1024 bytes", update(0x80000000, PW, "ab".repeat(1024)));
            t.send("complete SHA-1", complete(0x80000000, PW, "cd".repeat(1024), NULL));
            t.send("HR_LOADED..HR_TRANSIENT_AVAIL", getCapability(6, 0x203, 5));
        });
    }
}
