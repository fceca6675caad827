package org.swtpmjava.tpm.differential;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The caller's side of HMAC and policy sessions for the differential tests, written against the
 * specification (Part 1 §19.6, §21) with the JDK's own HMAC, digests and AES-CFB, independent of
 * the engine's code. Each side of a differential run gets its own client: it learns nonceTPM from
 * that side's responses, computes the session key, command HMACs and parameter encryption, checks
 * the response HMAC and decrypts the response parameter, and records a summary that does not
 * depend on the random nonces.
 */
final class SessionClient {
    static final int SHA1 = 0x0004;
    static final int SHA256 = 0x000B;
    static final int SHA384 = 0x000C;
    static final int SHA512 = 0x000D;
    static final int AES = 0x0006;
    static final int TDES = 0x0003;
    static final int CAMELLIA = 0x0026;
    static final int XOR = 0x000A;
    static final int NULL = 0x0010;
    static final int CFB = 0x0043;

    static final int CONTINUE = 0x01;
    static final int DECRYPT = 0x20;
    static final int ENCRYPT = 0x40;
    static final int AUDIT = 0x80;

    /** The nonces are random per client; a fixed seed keeps a failing run reproducible. */
    private final Random random = new Random(42);
    private final boolean recordRaw;
    /** Names of entities not named by their handle (NV indices), as the caller read them. */
    final java.util.Map<Integer, byte[]> entityNames = new java.util.HashMap<>();

    /** A client that records summaries only (for runs with independent random numbers). */
    SessionClient() {
        this(false);
    }

    /**
     * @param recordRaw also record every response byte for byte (for runs where both sides draw
     *                  the same random numbers)
     */
    SessionClient(boolean recordRaw) {
        this.recordRaw = recordRaw;
    }

    /** One session as the caller knows it. */
    static final class Session {
        final int handle;
        final int hashAlg;
        final int symAlg;
        final int keyBits;
        final byte[] sessionKey;
        byte[] nonceTpm;
        final int nonceSize;

        Session(int handle, int hashAlg, int symAlg, int keyBits, byte[] sessionKey, byte[] nonceTpm, int nonceSize) {
            this.handle = handle;
            this.hashAlg = hashAlg;
            this.symAlg = symAlg;
            this.keyBits = keyBits;
            this.sessionKey = sessionKey;
            this.nonceTpm = nonceTpm;
            this.nonceSize = nonceSize;
        }

        /** The caller's view as it stands now (to go on with it against a second TPM resumed from the same state). */
        Session copy() {
            return new Session(handle, hashAlg, symAlg, keyBits, sessionKey.clone(), nonceTpm.clone(), nonceSize);
        }
    }

    /** One entry of a command's authorization area. */
    static final class Use {
        final Session session;
        final int attributes;
        final byte[] password;
        /** authValue of the associated entity when the command runs, or null if the session authorizes nothing. */
        byte[] entityAuth;
        /** authValue of the entity when the response is built (HierarchyChangeAuth changes it). */
        byte[] responseEntityAuth;
        /** The session is bound to the entity it authorizes: the HMAC key leaves the authValue out. */
        boolean bound;
        /** A policy session after PolicyPassword: the hmac field carries the password, the response none. */
        boolean passwordNeeded;
        /** Replaces the HMAC with this value (a wrong HMAC). */
        byte[] hmacOverride;
        /** The nonceCaller to send, or null for a fresh one of the session's nonce size. */
        byte[] nonceOverride;
        byte[] nonceCaller;

        private Use(Session session, int attributes, byte[] password) {
            this.session = session;
            this.attributes = attributes;
            this.password = password;
        }

        static Use password(String passwordHex) {
            return new Use(null, 0, HexFormat.of().parseHex(passwordHex));
        }

        /** A session that authorizes an entity whose authValue is {@code entityAuthHex}. */
        static Use hmac(Session session, int attributes, String entityAuthHex) {
            Use use = new Use(session, attributes, null);
            use.entityAuth = HexFormat.of().parseHex(entityAuthHex);
            use.responseEntityAuth = use.entityAuth;
            return use;
        }

        /** A session that authorizes nothing (encrypt, decrypt or audit only). */
        static Use extra(Session session, int attributes) {
            return new Use(session, attributes, null);
        }

        Use bound() {
            bound = true;
            return this;
        }

        Use newAuth(String hex) {
            responseEntityAuth = HexFormat.of().parseHex(hex);
            return this;
        }

        /** A policy session after PolicyPassword presenting {@code passwordHex}. */
        static Use policyPassword(Session session, int attributes, String passwordHex) {
            Use use = new Use(session, attributes, null);
            use.entityAuth = new byte[0];
            use.responseEntityAuth = use.entityAuth;
            use.passwordNeeded = true;
            use.hmacOverride = HexFormat.of().parseHex(passwordHex);
            return use;
        }

        Use wrongHmac(String hex) {
            hmacOverride = HexFormat.of().parseHex(hex);
            return this;
        }

        Use nonce(String hex) {
            nonceOverride = HexFormat.of().parseHex(hex);
            return this;
        }
    }

    /**
     * TPM2_StartAuthSession with tpmKey TPM_RH_NULL; records the code, the handle and the nonce
     * size; returns the session or null on an error.
     */
    Session start(Transcript t, String label, int bind, String bindAuthHex, int type, int symAlg, int keyBits,
                  int hashAlg, int nonceSize) {
        return startSalted(t, label, 0x40000007, new byte[0], new byte[0], bind, bindAuthHex, type, symAlg, keyBits,
                hashAlg, nonceSize);
    }

    /**
     * TPM2_StartAuthSession with a tpmKey and its encrypted salt; {@code salt} is what the TPM
     * should recover (it goes into the session key after the bind authValue).
     */
    Session startSalted(Transcript t, String label, int tpmKey, byte[] encryptedSalt, byte[] salt, int bind,
                        String bindAuthHex, int type, int symAlg, int keyBits, int hashAlg, int nonceSize) {
        byte[] nonceCaller = randomBytes(nonceSize);
        ByteBuffer body = ByteBuffer.allocate(1024);
        body.putInt(tpmKey).putInt(bind).putShort((short) nonceSize).put(nonceCaller)
                .putShort((short) encryptedSalt.length).put(encryptedSalt)
                .put((byte) type).putShort((short) symAlg);
        if (symAlg == XOR) {
            body.putShort((short) keyBits);
        } else if (symAlg != NULL) {
            body.putShort((short) keyBits).putShort((short) CFB);
        }
        body.putShort((short) hashAlg);
        byte[] response = t.tpm().command(frame(0x8001, 0x176, Arrays.copyOf(body.array(), body.position())));
        recordRaw(t, label, response);
        int rc = ByteBuffer.wrap(response, 6, 4).getInt();
        if (rc != 0) {
            t.record(label, String.format("rc=%03x", rc));
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(response, 10, response.length - 10);
        int handle = in.getInt();
        byte[] nonceTpm = new byte[in.getShort() & 0xFFFF];
        in.get(nonceTpm);
        byte[] sessionKey = new byte[0];
        if (bind != 0x40000007 || salt.length != 0) {
            byte[] key = concat(bind != 0x40000007 ? HexFormat.of().parseHex(bindAuthHex) : new byte[0], salt);
            sessionKey = kdfa(hashAlg, key, "ATH", nonceTpm, nonceCaller, digestSize(hashAlg) * 8);
        }
        t.record(label, String.format("rc=000 handle=%08x nonceTPM=%d bytes", handle, nonceTpm.length));
        return new Session(handle, hashAlg, symAlg, keyBits, sessionKey, nonceTpm, nonceSize);
    }

    /**
     * Sends a TPM_ST_SESSIONS command and records a summary: the code; on success the response
     * parameters (the first one decrypted if a session encrypted it) and, per session, its
     * attributes, nonce size and whether the response HMAC verified.
     *
     * @param parameters the parameters in clear (the first one is encrypted if a session decrypts)
     * @param responseHandle whether the response carries a handle before parameterSize
     */
    byte[] send(Transcript t, String label, int code, int[] handles, byte[] parameters, boolean responseHandle,
                Use... uses) {
        return send(t, label, code, handles, parameters, responseHandle, false, uses);
    }

    /**
     * As {@link #send(Transcript, String, int, int[], byte[], boolean, Use...)}; with
     * {@code randomParameters} the summary has only the size of the (decrypted) response
     * parameters, which hold random numbers (the raw record, if any, still has every byte).
     */
    byte[] send(Transcript t, String label, int code, int[] handles, byte[] parameters, boolean responseHandle,
                boolean randomParameters, Use... uses) {
        byte[] sent = parameters.clone();
        for (Use use : uses) {
            use.nonceCaller = use.session == null ? new byte[0]
                    : use.nonceOverride != null ? use.nonceOverride : randomBytes(use.session.nonceSize);
        }
        int decrypt = indexOf(uses, DECRYPT);
        int encrypt = indexOf(uses, ENCRYPT);
        if (decrypt >= 0 && sent.length >= 2) {
            Use use = uses[decrypt];
            transformFirst(sent, use.session, keyExtra(use, false), use.nonceCaller, use.session.nonceTpm, false);
        }
        ByteArrayOutputStream names = new ByteArrayOutputStream();
        ByteBuffer handleArea = ByteBuffer.allocate(4 * handles.length);
        for (int handle : handles) {
            handleArea.putInt(handle);
            // Sequence objects have nameAlg TPM_ALG_NULL and so the empty Name.
            if (entityNames.containsKey(handle)) {
                names.writeBytes(entityNames.get(handle));
            } else if (handle >>> 24 != 0x80) {
                names.writeBytes(ByteBuffer.allocate(4).putInt(handle).array());
            }
        }
        ByteArrayOutputStream area = new ByteArrayOutputStream();
        for (int i = 0; i < uses.length; i++) {
            Use use = uses[i];
            if (use.session == null) {
                area.writeBytes(ByteBuffer.allocate(4).putInt(0x40000009).array());
                writeSized(area, new byte[0]);
                area.write(use.attributes);
                writeSized(area, use.password);
                continue;
            }
            Session session = use.session;
            byte[] cpHash = digest(session.hashAlg, ByteBuffer.allocate(4).putInt(code).array(), names.toByteArray(),
                    sent);
            byte[] key = concat(session.sessionKey, hmacExtra(use, false));
            byte[] hmac;
            if (use.hmacOverride != null) {
                hmac = use.hmacOverride;
            } else if (key.length == 0) {
                hmac = new byte[0];
            } else {
                byte[] extraNonces = new byte[0];
                if (i == 0 && use.entityAuth != null) {
                    if (decrypt > 0) {
                        extraNonces = concat(extraNonces, uses[decrypt].session.nonceTpm);
                    }
                    if (encrypt > 0 && encrypt != decrypt) {
                        extraNonces = concat(extraNonces, uses[encrypt].session.nonceTpm);
                    }
                }
                hmac = hmac(session.hashAlg, key, cpHash, use.nonceCaller, session.nonceTpm, extraNonces,
                        new byte[] {(byte) use.attributes});
            }
            area.writeBytes(ByteBuffer.allocate(4).putInt(session.handle).array());
            writeSized(area, use.nonceCaller);
            area.write(use.attributes);
            writeSized(area, hmac);
        }
        byte[] authArea = area.toByteArray();
        ByteBuffer body = ByteBuffer.allocate(handleArea.capacity() + 4 + authArea.length + sent.length);
        body.put(handleArea.array()).putInt(authArea.length).put(authArea).put(sent);
        byte[] response = t.tpm().command(frame(0x8002, code, body.array()));
        recordRaw(t, label, response);
        t.record(label, summarize(response, code, responseHandle, uses, encrypt, randomParameters));
        return response;
    }

    private void recordRaw(Transcript t, String label, byte[] response) {
        if (recordRaw) {
            t.record(label + " (bytes)", HexFormat.of().formatHex(response));
        }
    }

    private String summarize(byte[] response, int code, boolean responseHandle, Use[] uses, int encrypt,
                             boolean randomParameters) {
        ByteBuffer in = ByteBuffer.wrap(response);
        in.getShort();
        in.getInt();
        int rc = in.getInt();
        if (rc != 0) {
            return String.format("rc=%03x (%d bytes)", rc, response.length);
        }
        StringBuilder summary = new StringBuilder("rc=000");
        if (responseHandle) {
            summary.append(String.format(" handle=%08x", in.getInt()));
        }
        byte[] parameters = new byte[in.getInt()];
        in.get(parameters);
        List<byte[]> nonces = new ArrayList<>();
        List<Integer> attributes = new ArrayList<>();
        List<byte[]> hmacs = new ArrayList<>();
        for (int i = 0; i < uses.length; i++) {
            byte[] nonce = new byte[in.getShort() & 0xFFFF];
            in.get(nonce);
            nonces.add(nonce);
            attributes.add(in.get() & 0xFF);
            byte[] hmac = new byte[in.getShort() & 0xFFFF];
            in.get(hmac);
            hmacs.add(hmac);
        }
        summary.append(in.hasRemaining() ? " TRAILING BYTES" : "");
        byte[] rpHashInput = concat(ByteBuffer.allocate(8).putInt(0).putInt(code).array(), parameters);
        for (int i = 0; i < uses.length; i++) {
            Use use = uses[i];
            summary.append(String.format(" [attr=%02x nonce=%d", attributes.get(i), nonces.get(i).length));
            if (use.session != null) {
                Session session = use.session;
                session.nonceTpm = nonces.get(i);
                byte[] key = concat(session.sessionKey, hmacExtra(use, true));
                byte[] expected = use.passwordNeeded || key.length == 0 && use.hmacOverride == null ? new byte[0]
                        : hmac(session.hashAlg, key, digest(session.hashAlg, rpHashInput), session.nonceTpm,
                        use.nonceCaller, new byte[] {(byte) use.attributes});
                summary.append(MessageDigest.isEqual(expected, hmacs.get(i)) ? " hmac ok" : " HMAC BAD");
            } else {
                summary.append(hmacs.get(i).length == 0 ? " empty" : " NOT EMPTY");
            }
            summary.append(']');
        }
        if (encrypt >= 0 && parameters.length >= 2) {
            Use use = uses[encrypt];
            transformFirst(parameters, use.session, keyExtra(use, true), use.session.nonceTpm, use.nonceCaller, true);
        }
        summary.append(" params=").append(randomParameters ? parameters.length + " bytes"
                : HexFormat.of().formatHex(parameters));
        return summary.toString();
    }

    private static byte[] keyExtra(Use use, boolean response) {
        if (use.entityAuth == null) {
            return new byte[0];
        }
        return response ? use.responseEntityAuth : use.entityAuth;
    }

    private static byte[] hmacExtra(Use use, boolean response) {
        return use.bound ? new byte[0] : keyExtra(use, response);
    }

    private static int indexOf(Use[] uses, int attribute) {
        for (int i = 0; i < uses.length; i++) {
            if ((uses[i].attributes & attribute) != 0 && uses[i].session != null) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Encrypts (command) or decrypts (response) the data of the leading TPM2B in place. For a
     * command nonceNewer is nonceCaller; for a response it is the new nonceTPM.
     */
    static void transformFirst(byte[] buffer, Session session, byte[] entityAuth, byte[] nonceNewer,
                               byte[] nonceOlder, boolean decrypt) {
        int size = ((buffer[0] & 0xFF) << 8) | (buffer[1] & 0xFF);
        if (size > buffer.length - 2 || session.symAlg == NULL) {
            return;
        }
        byte[] key = concat(session.sessionKey, entityAuth);
        byte[] data = Arrays.copyOfRange(buffer, 2, 2 + size);
        byte[] out;
        if (session.symAlg == XOR) {
            byte[] mask = kdfa(session.hashAlg, key, "XOR", nonceNewer, nonceOlder, size * 8);
            out = data.clone();
            for (int i = 0; i < size; i++) {
                out[i] ^= mask[i];
            }
        } else {
            int keyBytes = session.keyBits / 8;
            int blockBytes = session.symAlg == TDES ? 8 : 16;
            byte[] keyIv = kdfa(session.hashAlg, key, "CFB", nonceNewer, nonceOlder, session.keyBits + blockBytes * 8);
            byte[] cipherKey = Arrays.copyOf(keyIv, keyBytes);
            byte[] iv = Arrays.copyOfRange(keyIv, keyBytes, keyBytes + blockBytes);
            out = cfb(session.symAlg, cipherKey, iv, data, decrypt);
        }
        System.arraycopy(out, 0, buffer, 2, size);
    }

    /**
     * Full-block CFB: AES and two-key or three-key TDES from the JDK, Camellia from Bouncy
     * Castle's JCE provider.
     */
    private static byte[] cfb(int symAlg, byte[] key, byte[] iv, byte[] data, boolean decrypt) {
        try {
            Cipher cipher;
            SecretKeySpec keySpec;
            if (symAlg == AES) {
                cipher = Cipher.getInstance("AES/CFB/NoPadding");
                keySpec = new SecretKeySpec(key, "AES");
            } else if (symAlg == TDES) {
                // A 128-bit TDES key is K1 || K2 with K3 = K1.
                byte[] full = key.length == 16 ? concat(key, Arrays.copyOf(key, 8)) : key;
                cipher = Cipher.getInstance("DESede/CFB/NoPadding");
                keySpec = new SecretKeySpec(full, "DESede");
            } else {
                cipher = Cipher.getInstance("Camellia/CFB/NoPadding",
                        new org.bouncycastle.jce.provider.BouncyCastleProvider());
                keySpec = new SecretKeySpec(key, "Camellia");
            }
            cipher.init(decrypt ? Cipher.DECRYPT_MODE : Cipher.ENCRYPT_MODE, keySpec, new IvParameterSpec(iv));
            return cipher.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** KDFa (Part 1 §11.4.10.2) with whole-byte outputs. */
    static byte[] kdfa(int hashAlg, byte[] key, String label, byte[] contextU, byte[] contextV, int bits) {
        byte[] fixed = concat(label.getBytes(StandardCharsets.US_ASCII), new byte[1], contextU, contextV,
                ByteBuffer.allocate(4).putInt(bits).array());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int counter = 1; out.size() * 8 < bits; counter++) {
            out.writeBytes(hmac(hashAlg, key, ByteBuffer.allocate(4).putInt(counter).array(), fixed));
        }
        return Arrays.copyOf(out.toByteArray(), bits / 8);
    }

    static byte[] hmac(int hashAlg, byte[] key, byte[]... parts) {
        try {
            String name = "Hmac" + jdkName(hashAlg).replace("-", "");
            Mac mac = Mac.getInstance(name);
            // The JDK refuses an empty key; HMAC with an empty key is HMAC with a zero block.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, name));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] digest(int hashAlg, byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance(jdkName(hashAlg));
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static int digestSize(int hashAlg) {
        return digest(hashAlg).length;
    }

    private static String jdkName(int hashAlg) {
        return switch (hashAlg) {
            case SHA1 -> "SHA-1";
            case SHA256 -> "SHA-256";
            case SHA384 -> "SHA-384";
            case SHA512 -> "SHA-512";
            default -> throw new IllegalArgumentException("hash " + hashAlg);
        };
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] frame(int tag, int code, byte[] body) {
        return ByteBuffer.allocate(10 + body.length).putShort((short) tag).putInt(10 + body.length).putInt(code)
                .put(body).array();
    }

    private static void writeSized(ByteArrayOutputStream out, byte[] bytes) {
        out.write(bytes.length >> 8);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }

    private byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }
}
