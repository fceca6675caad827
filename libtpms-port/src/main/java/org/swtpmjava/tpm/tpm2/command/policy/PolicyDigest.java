package org.swtpmjava.tpm.tpm2.command.policy;

import java.nio.ByteBuffer;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.state.AuthSession;

/** policyDigest_new := H(policyDigest_old || TPM_CC || arguments) (Part 1 §19.7.2). */
final class PolicyDigest {
    private PolicyDigest() {
    }

    static void extend(AuthSession session, int commandCode, byte[]... arguments) {
        byte[][] parts = new byte[arguments.length + 2][];
        parts[0] = session.policyDigest();
        parts[1] = ByteBuffer.allocate(4).putInt(commandCode).array();
        System.arraycopy(arguments, 0, parts, 2, arguments.length);
        session.setPolicyDigest(Hashes.digest(session.authHashAlg(), parts));
    }
}
