package org.swtpmjava.tpm.tpm2.command.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.tpm2.state.AuthSession;
import org.swtpmjava.tpm.tpm2.state.CarriedSessionFields;
import org.swtpmjava.tpm.tpm2.state.SessionFields;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;

/** The x86-64 SESSION struct: field offsets, little-endian values, the unmodeled fields kept. */
class SessionContextPayloadTest {
    @Test
    void policySessionFieldsSitWhereGccPutsThem() {
        AuthSession session = new AuthSession(AuthSession.Type.POLICY, TpmAlgId.SHA256,
                new AuthSession.Symmetric(TpmAlgId.AES, 128, TpmAlgId.CFB), new byte[0], null, true, false,
                new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, 32);
        session.setStartTime(0x0102030405L, 7);
        session.setCommandCode(0x129);
        session.setCommandLocality(0x03);
        session.setAuthValueNeeded(true);
        session.setPcrCounter(9);
        byte[] policyDigest = new byte[32];
        policyDigest[0] = (byte) 0xAA;
        session.setPolicyDigest(policyDigest);

        byte[] payload = SessionContextPayload.encode(session);
        ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(payload).hasSize(312);
        assertThat(b.getInt(0)).isEqualTo(SessionFields.IS_POLICY | SessionFields.IS_AUTH_VALUE_NEEDED
                | SessionFields.IS_DA_BOUND);
        assertThat(b.getInt(4)).isEqualTo(9);
        assertThat(b.getLong(8)).isEqualTo(0x0102030405L);
        assertThat(b.getLong(16)).isZero();
        assertThat(b.getInt(24)).isEqualTo(7);
        assertThat(b.getInt(28)).isEqualTo(0x129);
        assertThat(b.getShort(32)).isEqualTo((short) TpmAlgId.SHA256);
        assertThat(payload[34]).isEqualTo((byte) 3);
        assertThat(b.getShort(36)).isEqualTo((short) TpmAlgId.AES);
        assertThat(b.getShort(38)).isEqualTo((short) 128);
        assertThat(b.getShort(40)).isEqualTo((short) TpmAlgId.CFB);
        assertThat(b.getShort(42)).as("sessionKey size").isZero();
        assertThat(b.getShort(108)).as("nonceTPM size").isEqualTo((short) 16);
        assertThat(payload[110]).isEqualTo((byte) 1);
        assertThat(b.getShort(174)).as("u1 size").isZero();
        assertThat(b.getShort(244)).as("policyDigest size").isEqualTo((short) 32);
        assertThat(payload[246]).isEqualTo((byte) 0xAA);

        AuthSession decoded = SessionContextPayload.decode(payload);
        assertThat(SessionContextPayload.encode(decoded)).isEqualTo(payload);
        assertThat(decoded.isPolicy()).isTrue();
        assertThat(decoded.authValueNeeded()).isTrue();
        assertThat(decoded.policyDigest()).isEqualTo(policyDigest);
        assertThat(decoded.nonceTpm()).hasSize(16);
    }

    @Test
    void unmodeledBitsAndUnionsRideAlong() {
        AuthSession session = new AuthSession(AuthSession.Type.HMAC, TpmAlgId.SHA1,
                new AuthSession.Symmetric(TpmAlgId.XOR, TpmAlgId.SHA256, TpmAlgId.NULL), new byte[20], null, false,
                false, new byte[20], 20);
        int cpHashDefined = 1 << 3;
        session.setCarried(new CarriedSessionFields(cpHashDefined, 0, 0, 0, new byte[] {5, 5}, new byte[20]));
        session.setIncludeAuth(true);
        byte[] payload = SessionContextPayload.encode(session);
        ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(0)).isEqualTo(cpHashDefined | SessionFields.INCLUDE_AUTH);
        assertThat(b.getShort(38)).as("XOR's hash").isEqualTo((short) TpmAlgId.SHA256);
        assertThat(b.getShort(40)).as("no mode for XOR").isZero();
        assertThat(b.getShort(174)).isEqualTo((short) 2);
        assertThat(b.getShort(244)).as("audit digest").isEqualTo((short) 20);
        assertThat(SessionContextPayload.encode(SessionContextPayload.decode(payload))).isEqualTo(payload);
    }

    @Test
    void aStructTheEngineCannotUseIsRefused() {
        byte[] payload = new byte[312];
        assertThatThrownBy(() -> SessionContextPayload.decode(payload)).as("hash 0")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SessionContextPayload.decode(new byte[311])).isInstanceOf(IllegalArgumentException.class);
    }
}
