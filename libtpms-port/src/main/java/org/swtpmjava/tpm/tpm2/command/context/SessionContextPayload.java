package org.swtpmjava.tpm.tpm2.command.context;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.state.AuthSession;
import org.swtpmjava.tpm.tpm2.state.SessionFields;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;

/**
 * The payload of a session context as libtpms writes it (libtpms.md §4.12): the raw SESSION struct
 * of Global.h as GCC lays it out on x86-64, 312 bytes, little-endian, padding included:
 *
 * <pre>
 *   0 attributes (SESSION_ATTRIBUTES bit-field, u32)   4 pcrCounter (u32)
 *   8 startTime (u64)   16 timeout (u64)   24 epoch (CLOCK_NONCE, u32)   28 commandCode (u32)
 *  32 authHashAlg (u16)   34 commandLocality (u8)   35 padding
 *  36 symmetric: algorithm, keyBits, mode (u16 each)
 *  42 sessionKey (TPM2B_AUTH: u16 size + 64 bytes)   108 nonceTPM (TPM2B_NONCE, 2 + 64)
 * 174 u1 (TPM2B_NAME: 2 + sizeof(TPMU_NAME) = 68)    244 u2 (TPM2B_DIGEST, 2 + 64)
 * 310 padding to the struct's 8-byte alignment
 * </pre>
 *
 * The bytes of a TPM2B beyond its size are zero here; in libtpms they are whatever the slot held,
 * which is zero too for every session libtpms creates (SessionCreate clears the struct).
 */
final class SessionContextPayload {
    /** sizeof(SESSION) in libtpms 0.9 on x86-64; a session context of another size is refused. */
    static final int SIZE = 312;
    private static final int MAX_DIGEST = 64;
    /** sizeof(TPMU_NAME): a TPMT_HA (66 bytes) in a union with a TPM_HANDLE, so 4-byte aligned. */
    private static final int MAX_NAME = 68;
    private static final int SYMMETRIC = 36;
    private static final int SESSION_KEY = 42;
    private static final int NONCE_TPM = 108;
    private static final int U1 = 174;
    private static final int U2 = 244;

    private SessionContextPayload() {
    }

    /** The struct of {@code session}; a session without carried fields has startTime, timeout and epoch 0. */
    static byte[] encode(AuthSession session) {
        SessionFields f = SessionFields.of(session, 0);
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(f.attributes()).putInt(f.pcrCounter()).putLong(f.startTime()).putLong(f.timeout())
                .putInt(f.epoch()).putInt(f.commandCode()).putShort((short) f.authHashAlg())
                .put((byte) f.commandLocality());
        AuthSession.Symmetric symmetric = f.symmetric();
        int algorithm = symmetric.algorithm();
        // The unmarshaller leaves the union members it does not read at zero (a cleared input buffer).
        int keyBits = algorithm == TpmAlgId.NULL ? 0 : symmetric.keyBits();
        int mode = algorithm == TpmAlgId.NULL || algorithm == TpmAlgId.XOR ? 0 : symmetric.mode();
        b.position(SYMMETRIC);
        b.putShort((short) algorithm).putShort((short) keyBits).putShort((short) mode);
        putTpm2b(b, SESSION_KEY, f.sessionKey());
        putTpm2b(b, NONCE_TPM, f.nonceTpm());
        putTpm2b(b, U1, f.u1());
        putTpm2b(b, U2, f.u2());
        return b.array();
    }

    /**
     * The session of a struct of {@link #SIZE} bytes. libtpms copies the struct without looking
     * at it; the engine needs a hash it implements and TPM2B sizes within their buffers, else
     * it throws IllegalArgumentException (a context with a valid integrity has neither problem).
     */
    static AuthSession decode(byte[] payload) {
        if (payload.length != SIZE) {
            throw new IllegalArgumentException("session context payload of " + payload.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        int attributes = b.getInt();
        int pcrCounter = b.getInt();
        long startTime = b.getLong();
        long timeout = b.getLong();
        int epoch = b.getInt();
        int commandCode = b.getInt();
        int authHashAlg = Short.toUnsignedInt(b.getShort());
        int commandLocality = Byte.toUnsignedInt(b.get());
        if (!Hashes.isImplemented(authHashAlg)) {
            throw new IllegalArgumentException(String.format("session hash 0x%04x", authHashAlg));
        }
        b.position(SYMMETRIC);
        int algorithm = Short.toUnsignedInt(b.getShort());
        int keyBits = Short.toUnsignedInt(b.getShort());
        int mode = Short.toUnsignedInt(b.getShort());
        AuthSession.Symmetric symmetric = algorithm == TpmAlgId.NULL
                ? new AuthSession.Symmetric(algorithm, 0, TpmAlgId.NULL)
                : algorithm == TpmAlgId.XOR ? new AuthSession.Symmetric(algorithm, keyBits, TpmAlgId.NULL)
                : new AuthSession.Symmetric(algorithm, keyBits, mode);
        byte[] sessionKey = getTpm2b(b, SESSION_KEY, MAX_DIGEST);
        byte[] nonceTpm = getTpm2b(b, NONCE_TPM, MAX_DIGEST);
        byte[] u1 = getTpm2b(b, U1, MAX_NAME);
        byte[] u2 = getTpm2b(b, U2, MAX_DIGEST);
        return new SessionFields(attributes, pcrCounter, startTime, timeout, epoch, commandCode, authHashAlg,
                commandLocality, symmetric, sessionKey, nonceTpm, u1, u2).toSession();
    }

    private static void putTpm2b(ByteBuffer b, int offset, byte[] value) {
        b.position(offset);
        b.putShort((short) value.length).put(value);
    }

    private static byte[] getTpm2b(ByteBuffer b, int offset, int capacity) {
        b.position(offset);
        int size = Short.toUnsignedInt(b.getShort());
        if (size > capacity) {
            throw new IllegalArgumentException("TPM2B of " + size + " bytes in a buffer of " + capacity);
        }
        byte[] value = new byte[size];
        b.get(value);
        return value;
    }
}
