package org.swtpmjava.tpm.tpm2.state.libtpms;

import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.state.codec.PermanentStateCodec.PermanentState;
import org.swtpmjava.tpm.tpm2.state.codec.StateBlobException;
import org.swtpmjava.tpm.tpm2.state.codec.VolatileStateCodec;
import org.swtpmjava.tpm.tpm2.state.codec.VolatileStateCodec.VolatileState;

/**
 * The volatile blob formats the engine reads: libtpms' volatilestate (recognised by the
 * VOLATILE_STATE magic after the version) and this engine's own earlier format (recognised by
 * its header, still read; no longer written). It writes libtpms' format, as libtpms 0.9.2 does.
 */
public final class VolatileBlobFormats {
    private VolatileBlobFormats() {
    }

    /** Decodes either format for the TPM of {@code permanent}; libtpms' errors carry its response code. */
    public static VolatileState decode(byte[] blob, PermanentState permanent) throws StateBlobException {
        if (!LibtpmsVolatileCodec.isVolatileState(blob)) {
            return VolatileStateCodec.decode(blob);
        }
        try {
            return LibtpmsVolatileCodec.read(blob, permanent);
        } catch (LibtpmsFormatException e) {
            throw new StateBlobException(e.responseCode(), "libtpms volatile state: " + e.getMessage(), e);
        }
    }

    /**
     * The volatile blob of {@code state} in libtpms' format, transient objects included. The
     * host's wall-clock time goes in as libtpms writes it: the C swtpm compares it with its own
     * on resume.
     */
    public static byte[] encode(TpmState state, boolean tpmEstablished) {
        return LibtpmsVolatileCodec.write(state, tpmEstablished, System.currentTimeMillis());
    }
}
