package org.swtpmjava.tpm.tpm2.state.codec;

import java.util.Map;
import org.swtpmjava.tpm.TpmResult;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.state.NvImage;
import org.swtpmjava.tpm.tpm2.state.PersistentData;
import org.swtpmjava.tpm.tpm2.state.StateClearData;
import org.swtpmjava.tpm.tpm2.state.StateResetData;
import org.swtpmjava.tpm.tpm2.types.TpmSu;

/**
 * The permanent blob ("permall") in this engine's versioned format: PERSISTENT_DATA and the NV
 * copy of ORDERLY_DATA, plus STATE_RESET_DATA and STATE_CLEAR_DATA while the last shutdown was
 * Shutdown(STATE), as libtpms decides what goes into permall (libtpms.md §4.3).
 *
 * <p>The engine now writes libtpms' own format ({@code state.libtpms}) and only reads this one,
 * for states written before; this format does not carry {@code UnmodeledState}.
 */
public final class PermanentStateCodec {
    /** "SJPA": swtpm-java permanent-all. */
    static final int MAGIC = 0x534A5041;
    private static final int PERSISTENT = 1;
    private static final int ORDERLY = 2;
    private static final int STATE_RESET = 3;
    private static final int STATE_CLEAR = 4;

    private PermanentStateCodec() {
    }

    /** What a permanent blob holds. */
    public record PermanentState(PersistentData persistent, NvImage nv) {
    }

    public static byte[] encode(PersistentData persistent, NvImage nv) {
        BlobEnvelope blob = new BlobEnvelope(MAGIC)
                .section(PERSISTENT, w -> PersistentDataCodec.write(w, persistent))
                .section(ORDERLY, w -> SavedStateCodecs.writeOrderly(w, nv.orderly()));
        if (hasSavedState(persistent)) {
            blob.section(STATE_RESET, w -> SavedStateCodecs.writeReset(w, nv.resetData()))
                .section(STATE_CLEAR, w -> SavedStateCodecs.writeClear(w, nv.clearData()));
        }
        return blob.seal();
    }

    public static PermanentState decode(byte[] blob) throws StateBlobException {
        Map<Integer, TpmReader> sections = BlobEnvelope.open(blob, MAGIC, "permanent");
        try {
            PersistentData persistent = PersistentDataCodec.read(BlobEnvelope.required(sections, PERSISTENT, "persistent"));
            NvImage nv = new NvImage(SavedStateCodecs.readOrderly(BlobEnvelope.required(sections, ORDERLY, "orderly")),
                    new StateResetData(), new StateClearData());
            if (hasSavedState(persistent)) {
                nv.writeSavedState(SavedStateCodecs.readReset(BlobEnvelope.required(sections, STATE_RESET, "reset")),
                        SavedStateCodecs.readClear(BlobEnvelope.required(sections, STATE_CLEAR, "clear")));
            }
            return new PermanentState(persistent, nv);
        } catch (RuntimeException e) {
            throw new StateBlobException(TpmResult.BAD_PARAMETER, "malformed permanent blob: " + e.getMessage(), e);
        }
    }

    /** orderlyState without its flags is TPM_SU_STATE. */
    private static boolean hasSavedState(PersistentData persistent) {
        int state = persistent.orderlyState();
        return TpmSu.isOrderly(state)
                && (state & ~(TpmSu.PRE_STARTUP_FLAG | TpmSu.STARTUP_LOCALITY_3)) == TpmSu.STATE;
    }
}
