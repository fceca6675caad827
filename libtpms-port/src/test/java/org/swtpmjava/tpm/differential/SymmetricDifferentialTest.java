package org.swtpmjava.tpm.differential;

import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.DifferentialCommands.password;
import static org.swtpmjava.tpm.differential.DifferentialCommands.sessions;
import static org.swtpmjava.tpm.differential.ObjectTemplates.NO_SYMMETRIC;
import static org.swtpmjava.tpm.differential.ObjectTemplates.OWNER;
import static org.swtpmjava.tpm.differential.ObjectTemplates.createPrimary;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ecc;
import static org.swtpmjava.tpm.differential.ObjectTemplates.flush;
import static org.swtpmjava.tpm.differential.ObjectTemplates.keyedHash;
import static org.swtpmjava.tpm.differential.ObjectTemplates.sized;
import static org.swtpmjava.tpm.differential.ObjectTemplates.symCipher;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.PW;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.TestBytes;

/**
 * TPM2_EncryptDecrypt, TPM2_EncryptDecrypt2, TPM2_MAC (0x155) and TPM2_MAC_Start (0x15B) with
 * HMAC/MAC sequences against libtpms, with the same keys on both sides (fixed entropy), so every
 * response byte must match: each mode with each algorithm and key size libtpms 0.9.2 has,
 * continuing a stream with ivOut, HMACs and CMACs one-shot and as sequences, and the error codes
 * for wrong keys, attributes, modes, schemes and sizes.
 */
class SymmetricDifferentialTest {
    private static final int NO_SESSIONS = 0x8001;
    private static final int SESSIONS = 0x8002;
    private static final int FIRST = 0x80000000;
    /** fixedTPM, fixedParent, sensitiveDataOrigin, userWithAuth, noDA, decrypt, sign. */
    private static final int SIGN_DECRYPT = 0x00060472;
    private static final int DECRYPT_ONLY = 0x00020472;
    private static final int SIGN_ONLY = 0x00040472;
    /** ... restricted, decrypt: a storage key. */
    private static final int RESTRICTED_DECRYPT = 0x00030472;
    /** ... restricted, sign. */
    private static final int RESTRICTED_SIGN = 0x00050472;
    /** A sealed data object: fixedTPM, fixedParent, userWithAuth, noDA. */
    private static final int SEALED = 0x00000452;
    private static final String NULL_MODE = "0010";
    private static final String[][] CIPHERS = {{"0006", "0080"}, {"0006", "0100"}, {"0026", "0080"},
        {"0026", "0100"}, {"0003", "0080"}, {"0003", "00c0"}};
    private static final String[] MODES = {"0043", "0042", "0041", "0040", "0044"};
    private static final String CFB = "0043";
    private static final String CBC = "0042";
    private static final String OFB = "0041";
    private static final String CTR = "0040";
    private static final String ECB = "0044";
    private static final String CMAC = "003f";

    private static Path preload;

    @BeforeAll
    static void buildPreloadLibrary() throws IOException, InterruptedException {
        preload = RandBytesPreload.shared();
    }

    static byte[] encryptDecrypt(int key, boolean decrypt, String mode, String iv, String data) {
        return command(SESSIONS, 0x164, String.format("%08x", key) + sessions(PW) + (decrypt ? "01" : "00") + mode
                + sized(iv) + sized(data));
    }

    static byte[] encryptDecrypt2(int key, String data, boolean decrypt, String mode, String iv) {
        return command(SESSIONS, 0x193, String.format("%08x", key) + sessions(PW) + sized(data)
                + (decrypt ? "01" : "00") + mode + sized(iv));
    }

    static byte[] mac(int key, String buffer, String scheme) {
        return command(SESSIONS, 0x155, String.format("%08x", key) + sessions(PW) + sized(buffer) + scheme);
    }

    static byte[] macStart(int key, String auth, String scheme) {
        return command(SESSIONS, 0x15B, String.format("%08x", key) + sessions(PW) + sized(auth) + scheme);
    }

    static byte[] sequenceUpdate(int sequence, String session, String buffer) {
        return command(SESSIONS, 0x15C, String.format("%08x", sequence) + sessions(session) + sized(buffer));
    }

    static byte[] sequenceComplete(int sequence, String session, String buffer, String hierarchy) {
        return command(SESSIONS, 0x13E, String.format("%08x", sequence) + sessions(session) + sized(buffer)
                + hierarchy);
    }

    private static String pattern(int bytes, int seed) {
        byte[] out = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            out[i] = (byte) (seed + 7 * i);
        }
        return TestBytes.hex(out);
    }

    /** outData and ivOut of a successful EncryptDecrypt(2) response; empty strings otherwise. */
    static String[] outDataAndIv(byte[] response) {
        if (TestBytes.responseCode(response) != 0) {
            return new String[] {"", ""};
        }
        ByteBuffer buffer = ByteBuffer.wrap(response);
        int dataSize = buffer.getShort(14) & 0xFFFF;
        int ivSize = buffer.getShort(16 + dataSize) & 0xFFFF;
        return new String[] {TestBytes.hex(Arrays.copyOfRange(response, 16, 16 + dataSize)),
            TestBytes.hex(Arrays.copyOfRange(response, 18 + dataSize, 18 + dataSize + ivSize))};
    }

    private static String symmetric(String[] cipher, String mode) {
        return cipher[0] + cipher[1] + mode;
    }

    @Test
    void everyModeAlgorithmAndKeySizeByteForByte() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("IncrementalSelfTest: nothing tested yet", command(NO_SESSIONS, 0x142, "00000000"));
            for (String[] cipher : CIPHERS) {
                String name = cipher[0] + "/" + cipher[1];
                int blockSize = cipher[0].equals("0003") ? 8 : 16;
                t.send(name + " key without mode", createPrimary(OWNER, symCipher(0xB, SIGN_DECRYPT,
                        symmetric(cipher, NULL_MODE), "")));
                for (String mode : MODES) {
                    String label = name + " " + mode;
                    boolean whole = mode.equals(CBC) || mode.equals(ECB);
                    String iv = mode.equals(ECB) ? "" : pattern(blockSize, 0x31);
                    int length = whole ? 4 * blockSize : 3 * blockSize + 5;
                    String plain = pattern(length, 0x10);
                    byte[] encrypted = t.send(label + " encrypt", encryptDecrypt(FIRST, false, mode, iv, plain));
                    String[] cipherAndIv = outDataAndIv(encrypted);
                    t.send(label + " decrypt (EncryptDecrypt2)", encryptDecrypt2(FIRST, cipherAndIv[0], true, mode,
                            iv));
                    t.send(label + " decrypt (EncryptDecrypt)", encryptDecrypt(FIRST, true, mode, iv,
                            cipherAndIv[0]));
                    // continue the stream with ivOut, splitting at a block boundary
                    String first = plain.substring(0, 4 * blockSize);
                    String[] part = outDataAndIv(t.send(label + " encrypt, first two blocks",
                            encryptDecrypt(FIRST, false, mode, iv, first)));
                    t.send(label + " encrypt, the rest with ivOut", encryptDecrypt(FIRST, false, mode, part[1],
                            plain.substring(4 * blockSize)));
                    String[] decryptedPart = outDataAndIv(t.send(label + " decrypt, first two blocks",
                            encryptDecrypt2(FIRST, cipherAndIv[0].substring(0, 4 * blockSize), true, mode, iv)));
                    t.send(label + " decrypt, the rest with ivOut", encryptDecrypt2(FIRST,
                            cipherAndIv[0].substring(4 * blockSize), true, mode, decryptedPart[1]));
                    if (!whole) {
                        // and after a partial block (ivOut of a partial block)
                        String[] partial = outDataAndIv(t.send(label + " encrypt 5 bytes",
                                encryptDecrypt(FIRST, false, mode, iv, plain.substring(0, 10))));
                        t.send(label + " encrypt on with that ivOut", encryptDecrypt(FIRST, false, mode, partial[1],
                                plain.substring(10)));
                        String[] partialDecrypt = outDataAndIv(t.send(label + " decrypt 5 bytes",
                                encryptDecrypt(FIRST, true, mode, iv, cipherAndIv[0].substring(0, 10))));
                        t.send(label + " decrypt on with that ivOut", encryptDecrypt(FIRST, true, mode,
                                partialDecrypt[1], cipherAndIv[0].substring(10)));
                    }
                    t.send(label + " empty data", encryptDecrypt(FIRST, false, mode, iv, ""));
                    t.send(label + " 1024 bytes", encryptDecrypt2(FIRST, pattern(1024, 3), false, mode, iv));
                }
                t.send(name + " IncrementalSelfTest", command(NO_SESSIONS, 0x142, "00000000"));
                t.send("flush " + name, flush(FIRST));
                for (String mode : MODES) {
                    String label = name + " key in mode " + mode;
                    t.send(label, createPrimary(OWNER, symCipher(0xB, SIGN_DECRYPT, symmetric(cipher, mode), "")));
                    String iv = mode.equals(ECB) ? "" : pattern(blockSize, 0x77);
                    t.send(label + ": NULL takes the key's mode", encryptDecrypt(FIRST, false, NULL_MODE, iv,
                            pattern(2 * blockSize, 1)));
                    t.send(label + ": the same mode", encryptDecrypt2(FIRST, pattern(2 * blockSize, 1), false, mode,
                            iv));
                    t.send("flush " + label, flush(FIRST));
                }
            }
            t.send("AES key with CTR counter at its end", createPrimary(OWNER, symCipher(0xB, SIGN_DECRYPT,
                    "0006 0080 0040", "")));
            t.send("CTR wraps the counter", encryptDecrypt(FIRST, false, NULL_MODE, "ff".repeat(16),
                    pattern(40, 9)));
            t.send("TDES CTR wraps the counter, too", createPrimary(OWNER, symCipher(0xB, SIGN_DECRYPT,
                    "0003 00c0 0040", "")));
            t.send("TDES CTR wrap", encryptDecrypt(FIRST + 1, false, NULL_MODE, "ff".repeat(8), pattern(20, 9)));
        }, FixedEntropy::new, preload);
    }

    @Test
    void encryptDecryptErrorsByteForByte() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            String iv = "00".repeat(16);
            String block = "11".repeat(16);
            t.send("AES-128 key without mode", createPrimary(OWNER, symCipher(0xB, SIGN_DECRYPT, "0006 0080 0010",
                    "")));
            t.send("no mode anywhere", encryptDecrypt(FIRST, false, NULL_MODE, iv, block));
            t.send("no mode anywhere (2)", encryptDecrypt2(FIRST, block, false, NULL_MODE, iv));
            t.send("mode AES", encryptDecrypt(FIRST, false, "0006", iv, block));
            t.send("mode AES (2)", encryptDecrypt2(FIRST, block, false, "0006", iv));
            t.send("mode CMAC", encryptDecrypt(FIRST, false, CMAC, iv, block));
            t.send("mode CMAC (2) decrypt", encryptDecrypt2(FIRST, block, true, CMAC, iv));
            t.send("mode CMAC, empty data", encryptDecrypt(FIRST, false, CMAC, iv, ""));
            t.send("mode CMAC, short IV", encryptDecrypt(FIRST, false, CMAC, "00", block));
            byte[] badDecrypt = encryptDecrypt(FIRST, false, CFB, iv, block);
            badDecrypt[27] = 2;
            t.send("decrypt = 2 (byte patched)", badDecrypt);
            byte[] badDecrypt2 = encryptDecrypt2(FIRST, block, false, CFB, iv);
            badDecrypt2[27 + 2 + 16] = 2;
            t.send("decrypt = 2 (2)", badDecrypt2);
            t.send("IV 15 bytes", encryptDecrypt(FIRST, false, CFB, "00".repeat(15), block));
            t.send("IV 15 bytes (2)", encryptDecrypt2(FIRST, block, false, CFB, "00".repeat(15)));
            t.send("IV 17 bytes", encryptDecrypt(FIRST, false, CFB, "00".repeat(17), block));
            t.send("IV 17 bytes (2)", encryptDecrypt2(FIRST, block, false, CFB, "00".repeat(17)));
            t.send("IV empty for CBC", encryptDecrypt(FIRST, false, CBC, "", block));
            t.send("IV for ECB", encryptDecrypt(FIRST, false, ECB, iv, block));
            t.send("IV for ECB (2)", encryptDecrypt2(FIRST, block, false, ECB, iv));
            t.send("CBC 17 bytes", encryptDecrypt(FIRST, false, CBC, iv, block + "22"));
            t.send("CBC 17 bytes (2)", encryptDecrypt2(FIRST, block + "22", true, CBC, iv));
            t.send("ECB 8 bytes", encryptDecrypt(FIRST, true, ECB, "", "11".repeat(8)));
            t.send("ECB 8 bytes (2)", encryptDecrypt2(FIRST, "11".repeat(8), false, ECB, ""));
            t.send("CTR 17 bytes is fine", encryptDecrypt(FIRST, false, CTR, iv, block + "22"));
            t.send("OFB 1 byte", encryptDecrypt(FIRST, false, OFB, iv, "22"));
            t.send("1025 bytes", encryptDecrypt(FIRST, false, CFB, iv, "33".repeat(1025)));
            t.send("1025 bytes (2)", encryptDecrypt2(FIRST, "33".repeat(1025), false, CFB, iv));
            t.send("trailing byte", command(SESSIONS, 0x164, "80000000" + sessions(PW) + "00" + CFB + sized(iv)
                    + sized(block) + "00"));
            t.send("truncated", command(SESSIONS, 0x164, "80000000" + sessions(PW) + "00" + CFB + sized(iv)));
            t.send("without sessions", command(NO_SESSIONS, 0x164, "80000000" + "00" + CFB + sized(iv)
                    + sized(block)));
            t.send("wrong password", command(SESSIONS, 0x164, "80000000" + sessions(password(0, "01")) + "00" + CFB
                    + sized(iv) + sized(block)));
            t.send("absent key", encryptDecrypt(FIRST + 2, false, CFB, iv, block));
            t.send("persistent handle", encryptDecrypt(0x81000001, false, CFB, iv, block));
            t.send("flush", flush(FIRST));
            t.send("AES-128 CFB key", createPrimary(OWNER, symCipher(0xB, SIGN_DECRYPT, "0006 0080 0043", "")));
            t.send("other mode than the key's", encryptDecrypt(FIRST, false, CBC, iv, block));
            t.send("other mode than the key's (2)", encryptDecrypt2(FIRST, block, false, ECB, iv));
            t.send("ECB IV rules do not apply: key is CFB", encryptDecrypt(FIRST, false, NULL_MODE, "", block));
            t.send("flush CFB key", flush(FIRST));
            t.send("decrypt-only key", createPrimary(OWNER, symCipher(0xB, DECRYPT_ONLY, "0006 0080 0010", "")));
            t.send("encrypt with it", encryptDecrypt(FIRST, false, CFB, iv, block));
            t.send("decrypt with it", encryptDecrypt(FIRST, true, CFB, iv, block));
            t.send("encrypt with it (2)", encryptDecrypt2(FIRST, block, false, CFB, iv));
            t.send("flush decrypt-only", flush(FIRST));
            t.send("sign-only key", createPrimary(OWNER, symCipher(0xB, SIGN_ONLY, "0006 0080 0010", "")));
            t.send("decrypt with it", encryptDecrypt(FIRST, true, CFB, iv, block));
            t.send("encrypt with it", encryptDecrypt(FIRST, false, CFB, iv, block));
            t.send("flush sign-only", flush(FIRST));
            t.send("storage key (restricted)", createPrimary(OWNER, symCipher(0xB, RESTRICTED_DECRYPT,
                    "0006 0080 0043", "")));
            t.send("decrypt with a restricted key", encryptDecrypt(FIRST, true, CFB, iv, block));
            t.send("encrypt with a restricted key (2)", encryptDecrypt2(FIRST, block, false, CFB, iv));
            t.send("flush storage key", flush(FIRST));
            t.send("key in CMAC mode", createPrimary(OWNER, symCipher(0xB, SIGN_DECRYPT, "0006 0080 003f", "")));
            t.send("encrypt with a CMAC key", encryptDecrypt(FIRST, false, NULL_MODE, iv, block));
            t.send("encrypt with a CMAC key in CFB", encryptDecrypt(FIRST, false, CFB, iv, block));
            t.send("flush CMAC key", flush(FIRST));
            t.send("HMAC key", createPrimary(OWNER, keyedHash(0xB, SIGN_ONLY, "", "0005 000b", "")));
            t.send("encrypt with an HMAC key", encryptDecrypt(FIRST, false, CFB, iv, block));
            t.send("encrypt with an HMAC key (2)", encryptDecrypt2(FIRST, block, false, CFB, iv));
            t.send("hash sequence", SwtpmSequenceDifferentialTest.start("", 0xB));
            t.send("encrypt with a sequence", encryptDecrypt(FIRST + 1, false, CFB, iv, block));
            t.send("ECC key", createPrimary(OWNER, ecc(0xB, SIGN_DECRYPT & ~0x20000, "", NO_SYMMETRIC, "0010", 0x3,
                    "", "")));
            t.send("encrypt with an ECC key", encryptDecrypt(FIRST + 2, false, CFB, iv, block));
        }, FixedEntropy::new, preload);
    }

    @Test
    void macAndMacSequencesByteForByte() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            String[] messages = {"", "61", pattern(16, 1), pattern(17, 2), pattern(64, 3), pattern(100, 4),
                pattern(1024, 5)};
            for (String[] cipher : CIPHERS) {
                String name = cipher[0] + "/" + cipher[1] + " CMAC";
                t.send(name + " key", createPrimary(OWNER, symCipher(0xB, SIGN_DECRYPT, symmetric(cipher, NULL_MODE),
                        "")));
                for (String message : messages) {
                    t.send(name + " of " + message.length() / 2 + " bytes", mac(FIRST, message, CMAC));
                }
                t.send(name + " NULL scheme", mac(FIRST, "61", NULL_MODE));
                t.send(name + " SHA-256 scheme", mac(FIRST, "61", "000b"));
                t.send(name + " sequence", macStart(FIRST, "", CMAC));
                t.send(name + " update 17", sequenceUpdate(FIRST + 1, PW, pattern(17, 2)));
                t.send(name + " update 15", sequenceUpdate(FIRST + 1, PW, pattern(15, 9)));
                t.send(name + " update empty", sequenceUpdate(FIRST + 1, PW, ""));
                t.send(name + " complete", sequenceComplete(FIRST + 1, PW, pattern(40, 3), OWNER));
                t.send(name + " one-shot of the same", mac(FIRST, pattern(17, 2) + pattern(15, 9) + pattern(40, 3),
                        CMAC));
                t.send(name + " IncrementalSelfTest", command(NO_SESSIONS, 0x142, "00000000"));
                t.send("flush " + name, flush(FIRST));
            }
            t.send("AES key in CMAC mode", createPrimary(OWNER, symCipher(0xB, SIGN_DECRYPT, "0006 0080 003f", "")));
            t.send("its MAC with NULL", mac(FIRST, "6162", NULL_MODE));
            t.send("its MAC with CMAC", mac(FIRST, "6162", CMAC));
            t.send("its MAC with SHA-1", mac(FIRST, "6162", "0004"));
            t.send("flush CMAC key", flush(FIRST));
            t.send("AES key in CFB mode", createPrimary(OWNER, symCipher(0xB, SIGN_DECRYPT, "0006 0080 0043", "")));
            t.send("its MAC with NULL", mac(FIRST, "6162", NULL_MODE));
            t.send("its MAC with CMAC", mac(FIRST, "6162", CMAC));
            t.send("MAC_Start with NULL", macStart(FIRST, "", NULL_MODE));
            t.send("flush CFB key", flush(FIRST));
            t.send("AES key decrypt only", createPrimary(OWNER, symCipher(0xB, DECRYPT_ONLY, "0006 0080 0010", "")));
            t.send("its CMAC", mac(FIRST, "6162", CMAC));
            t.send("MAC_Start", macStart(FIRST, "", CMAC));
            t.send("flush decrypt-only key", flush(FIRST));
            String[] hashes = {"0004", "000b", "000c", "000d"};
            t.send("HMAC key without scheme", createPrimary(OWNER, keyedHash(0xB, SIGN_ONLY, "", "0010", "")));
            for (String hash : hashes) {
                for (String message : messages) {
                    t.send("HMAC " + hash + " of " + message.length() / 2 + " bytes", mac(FIRST, message, hash));
                }
                t.send("HMAC sequence " + hash, macStart(FIRST, "abcd", hash));
                t.send("update " + hash, sequenceUpdate(FIRST + 1, password(0, "abcd"), pattern(200, 1)));
                t.send("complete " + hash, sequenceComplete(FIRST + 1, password(0, "abcd"), pattern(30, 2),
                        "40000007"));
                t.send("one-shot " + hash, mac(FIRST, pattern(200, 1) + pattern(30, 2), hash));
            }
            t.send("HMAC without any scheme", mac(FIRST, "61", NULL_MODE));
            t.send("HMAC with CMAC", mac(FIRST, "61", CMAC));
            t.send("HMAC with AES", mac(FIRST, "61", "0006"));
            t.send("HMAC with SM3", mac(FIRST, "61", "0012"));
            t.send("HMAC_Start with CMAC", macStart(FIRST, "", CMAC));
            t.send("HMAC_Start without any scheme", macStart(FIRST, "", NULL_MODE));
            t.send("HMAC_Start auth too long", macStart(FIRST, "aa".repeat(65), "000b"));
            t.send("HMAC buffer too long", mac(FIRST, "aa".repeat(1025), "000b"));
            t.send("HMAC trailing byte", command(SESSIONS, 0x155, "80000000" + sessions(PW) + sized("61") + "000b00"));
            t.send("HMAC without session", command(NO_SESSIONS, 0x155, "80000000" + sized("61") + "000b"));
            t.send("flush HMAC key", flush(FIRST));
            t.send("HMAC-SHA384 key", createPrimary(OWNER, keyedHash(0xB, SIGN_ONLY, "", "0005 000c", "")));
            t.send("its scheme", mac(FIRST, "616263", NULL_MODE));
            t.send("its hash", mac(FIRST, "616263", "000c"));
            t.send("another hash", mac(FIRST, "616263", "000b"));
            t.send("MAC_Start another hash", macStart(FIRST, "", "000b"));
            t.send("three sequences: 1", macStart(FIRST, "", NULL_MODE));
            t.send("three sequences: 2", macStart(FIRST, "", "000c"));
            t.send("no slot left", macStart(FIRST, "", NULL_MODE));
            t.send("MAC with a sequence", mac(FIRST + 1, "61", NULL_MODE));
            t.send("MAC_Start with a sequence", macStart(FIRST + 2, "", "000c"));
            t.send("EventSequenceComplete on an HMAC sequence", command(SESSIONS, 0x185, "40000007 80000001"
                    + sessions(PW, PW) + sized("")));
            t.send("SequenceComplete wrong password", sequenceComplete(FIRST + 1, password(0, "01"), "", OWNER));
            t.send("SequenceComplete bad hierarchy", sequenceComplete(FIRST + 1, PW, "", "40000002"));
            t.send("SequenceComplete", sequenceComplete(FIRST + 1, PW, "", OWNER));
            t.send("flush sequence", flush(FIRST + 2));
            t.send("flush HMAC-SHA384 key", flush(FIRST));
            t.send("XOR key", createPrimary(OWNER, keyedHash(0xB, RESTRICTED_DECRYPT, "", "000a 000b 0022", "")));
            t.send("MAC with an XOR key", mac(FIRST, "61", NULL_MODE));
            t.send("MAC with an XOR key, SHA-1", mac(FIRST, "61", "0004"));
            t.send("flush XOR key", flush(FIRST));
            t.send("restricted HMAC key", createPrimary(OWNER, keyedHash(0xB, RESTRICTED_SIGN, "", "0005 000b", "")));
            t.send("MAC with it", mac(FIRST, "61", NULL_MODE));
            t.send("MAC_Start with it", macStart(FIRST, "", NULL_MODE));
            t.send("flush restricted", flush(FIRST));
            t.send("sealed data", ObjectTemplates.createPrimary(OWNER, PW, "", "5345414c", keyedHash(0xB, SEALED, "",
                    "0010", ""), "", "00000000"));
            t.send("MAC with sealed data", mac(FIRST, "61", "000b"));
            t.send("MAC with sealed data, no scheme", mac(FIRST, "61", NULL_MODE));
            t.send("flush sealed", flush(FIRST));
            t.send("ECC key", createPrimary(OWNER, ecc(0xB, SIGN_ONLY, "", NO_SYMMETRIC, "0010", 0x3, "", "")));
            t.send("MAC with an ECC key", mac(FIRST, "61", "000b"));
            t.send("MAC_Start with an ECC key", macStart(FIRST, "", "000b"));
            t.send("IncrementalSelfTest", command(NO_SESSIONS, 0x142, "00000000"));
        }, FixedEntropy::new, preload);
    }

    /**
     * An HMAC sequence authorized by an HMAC session that also encrypts the buffer going in and
     * the HMAC coming out (SequenceUpdate and SequenceComplete are DECRYPT_2 / ENCRYPT_2); the
     * sequence's Name is empty, as {@link SessionClient} assumes for transient handles.
     */
    @Test
    void macSequenceUnderAnEncryptingSessionByteForByte() {
        DifferentialRunner.compare(t -> {
            SessionClient client = new SessionClient(true);
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            SessionClient.Session session = client.start(t, "HMAC session with AES-128", 0x40000007, "", 0x00,
                    SessionClient.AES, 128, SessionClient.SHA256, 16);
            t.send("HMAC-SHA256 key", createPrimary(OWNER, keyedHash(0xB, SIGN_ONLY, "", "0005 000b", "")));
            t.send("MAC_Start auth abcd", macStart(FIRST, "abcd", NULL_MODE));
            int attributes = SessionClient.CONTINUE | SessionClient.DECRYPT;
            client.send(t, "SequenceUpdate, buffer encrypted", 0x15C, new int[] {FIRST + 1},
                    TestBytes.hex(sized(pattern(100, 1))), false, SessionClient.Use.hmac(session, attributes, "abcd"));
            client.send(t, "SequenceComplete, buffer and result encrypted", 0x13E, new int[] {FIRST + 1},
                    TestBytes.hex(sized(pattern(50, 2)) + OWNER), false,
                    SessionClient.Use.hmac(session, attributes | SessionClient.ENCRYPT, "abcd"));
            t.send("one-shot MAC of the same", mac(FIRST, pattern(100, 1) + pattern(50, 2), NULL_MODE));
        }, FixedEntropy::new, preload);
    }
}
