package org.swtpmjava.tpm.tpm2.session;

import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * The hashes of Part 1 §18.7 (cpHash, rpHash) and the audit extension of Part 1 §33 as libtpms'
 * SessionProcess.c computes them (ComputeCpHash, ComputeRpHash, UpdateAuditDigest), shared by
 * session audit and command audit.
 */
public final class AuditDigests {
    private AuditDigests() {
    }

    /**
     * cpHash = H(commandCode || Name of every handle || parameters as received, still encrypted).
     * The Names are those before the command runs, so the caller computes it before execution.
     */
    public static byte[] cpHash(int hashAlg, int code, int[] handles, byte[] parameters, TpmState state) {
        TpmWriter names = new TpmWriter(64);
        names.writeU32(code);
        for (int handle : handles) {
            names.writeBytes(EntityName.of(handle, state));
        }
        return Hashes.digest(hashAlg, names.toByteArray(), parameters);
    }

    /** rpHash = H(TPM_RC_SUCCESS || commandCode || response parameters as sent, i.e. after encryption). */
    public static byte[] rpHash(int hashAlg, int code, byte[] responseParameters) {
        byte[] header = new TpmWriter(8).writeU32(TpmRc.SUCCESS).writeU32(code).toByteArray();
        return Hashes.digest(hashAlg, header, responseParameters);
    }

    /** UpdateAuditDigest: digestNew = H(digestOld || cpHash || rpHash), over the bare buffers. */
    public static byte[] extend(int hashAlg, byte[] digest, byte[] cpHash, byte[] rpHash) {
        return Hashes.digest(hashAlg, digest, cpHash, rpHash);
    }
}
