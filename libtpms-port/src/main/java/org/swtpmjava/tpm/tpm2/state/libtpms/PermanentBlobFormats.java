package org.swtpmjava.tpm.tpm2.state.libtpms;

import org.swtpmjava.tpm.tpm2.state.NvImage;
import org.swtpmjava.tpm.tpm2.state.PcrAllocation;
import org.swtpmjava.tpm.tpm2.state.PersistentData;
import org.swtpmjava.tpm.tpm2.state.codec.PermanentStateCodec;
import org.swtpmjava.tpm.tpm2.state.codec.PermanentStateCodec.PermanentState;
import org.swtpmjava.tpm.tpm2.state.codec.StateBlobException;

/**
 * The permanent blob formats the engine reads: libtpms' permall (recognised by the
 * PERSISTENT_ALL magic after the version) and this engine's own earlier format (recognised by
 * its header). It writes libtpms' format, as libtpms 0.9 does, so state directories can move
 * between the C swtpm and swtpm-java in both directions.
 */
public final class PermanentBlobFormats {
    private PermanentBlobFormats() {
    }

    /**
     * Decodes either format. A libtpms blob is read as libtpms 0.9 reads it; its errors carry
     * the response code TPMLIB_SetState would return.
     */
    public static PermanentState decode(byte[] blob) throws StateBlobException {
        if (!LibtpmsPermanentCodec.isPermall(blob)) {
            return PermanentStateCodec.decode(blob);
        }
        try {
            return LibtpmsPermanentCodec.read(blob, LibtpmsPermanentCodec.VERSION_0_9);
        } catch (LibtpmsFormatException e) {
            throw new StateBlobException(e.responseCode(), "libtpms permanent state: " + e.getMessage(), e);
        }
    }

    /** The permall libtpms 0.9 would write for this state; {@code inEffect} is the PCR allocation in use. */
    public static byte[] encode(PersistentData persistent, NvImage nv, PcrAllocation inEffect) {
        return LibtpmsPermanentCodec.write(persistent, nv, inEffect);
    }
}
