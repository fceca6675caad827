package org.swtpmjava.tpm.tpm2.state.codec;

import java.util.Map;
import org.swtpmjava.tpm.TpmResult;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.state.CarriedVolatileState;
import org.swtpmjava.tpm.tpm2.state.LoadedSessions;
import org.swtpmjava.tpm.tpm2.state.OrderlyData;
import org.swtpmjava.tpm.tpm2.state.PcrAllocation;
import org.swtpmjava.tpm.tpm2.state.PcrBanks;
import org.swtpmjava.tpm.tpm2.state.RuntimeFlags;
import org.swtpmjava.tpm.tpm2.state.StateClearData;
import org.swtpmjava.tpm.tpm2.state.StateResetData;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.state.TransientObjects;

/**
 * The volatile blob (TPMLIB_VolatileAll_Store) in this engine's own earlier format, still read
 * (the engine now writes libtpms' format, see state.libtpms.VolatileBlobFormats): the RAM
 * state that a resumed TPM needs on top of its permanent blob - runtime flags, the live
 * orderly, reset and clear data, the PCRs with the allocation in effect, (since section 6
 * was added) the loaded sessions and (since section 7) the transient objects. Sections
 * are skippable, so a blob from before section 6 or 7 is still read (it has no loaded session or
 * object) and an older reader skips them.
 */
public final class VolatileStateCodec {
    /** "SJVS": swtpm-java volatile state. */
    static final int MAGIC = 0x534A5653;
    private static final int FLAGS = 1;
    private static final int ORDERLY = 2;
    private static final int STATE_RESET = 3;
    private static final int STATE_CLEAR = 4;
    private static final int PCRS = 5;
    /** Added with sessions; a blob without it (written before) has no loaded session. */
    private static final int SESSIONS = 6;
    /** Added with key and data objects; a blob without it (written before) has no transient object. */
    private static final int OBJECTS = 7;

    private VolatileStateCodec() {
    }

    /** What a volatile blob holds; {@code carried} is what a libtpms blob had beyond the model, or null. */
    public record VolatileState(RuntimeFlags flags, OrderlyData orderly, StateResetData resetData,
                                StateClearData clearData, PcrBanks pcrs, LoadedSessions sessions,
                                TransientObjects objects, CarriedVolatileState carried) {
        /** A state of this engine's own format: nothing carried from libtpms. */
        public VolatileState(RuntimeFlags flags, OrderlyData orderly, StateResetData resetData,
                             StateClearData clearData, PcrBanks pcrs, LoadedSessions sessions,
                             TransientObjects objects) {
            this(flags, orderly, resetData, clearData, pcrs, sessions, objects, null);
        }
    }

    /** A blob of this format (the engine itself no longer writes it; tests make old blobs with it). */
    public static byte[] encode(TpmState state) {
        return new BlobEnvelope(MAGIC)
                .section(FLAGS, w -> writeFlags(w, state.flags()))
                .section(ORDERLY, w -> SavedStateCodecs.writeOrderly(w, state.orderly()))
                .section(STATE_RESET, w -> SavedStateCodecs.writeReset(w, state.resetData()))
                .section(STATE_CLEAR, w -> SavedStateCodecs.writeClear(w, state.clearData()))
                .section(PCRS, w -> writePcrs(w, state.pcrs()))
                .section(SESSIONS, w -> SessionStateCodec.write(w, state.sessions()))
                .section(OBJECTS, w -> ObjectStateCodec.write(w, state.objects()))
                .seal();
    }

    public static VolatileState decode(byte[] blob) throws StateBlobException {
        Map<Integer, TpmReader> sections = BlobEnvelope.open(blob, MAGIC, "volatile");
        try {
            StateResetData reset = SavedStateCodecs.readReset(BlobEnvelope.required(sections, STATE_RESET, "reset"));
            LoadedSessions sessions;
            if (sections.containsKey(SESSIONS)) {
                sessions = SessionStateCodec.read(sections.get(SESSIONS));
            } else {
                sessions = new LoadedSessions();
                forgetLoadedSessions(reset);
            }
            TransientObjects objects = new TransientObjects();
            if (sections.containsKey(OBJECTS)) {
                ObjectStateCodec.read(sections.get(OBJECTS), objects);
            }
            return new VolatileState(readFlags(BlobEnvelope.required(sections, FLAGS, "flags")),
                    SavedStateCodecs.readOrderly(BlobEnvelope.required(sections, ORDERLY, "orderly")),
                    reset,
                    SavedStateCodecs.readClear(BlobEnvelope.required(sections, STATE_CLEAR, "clear")),
                    readPcrs(BlobEnvelope.required(sections, PCRS, "pcrs")), sessions, objects);
        } catch (RuntimeException e) {
            throw new StateBlobException(TpmResult.BAD_PARAMETER, "malformed volatile blob: " + e.getMessage(), e);
        }
    }

    /** A blob from before sessions: context slots that name a loaded session have nothing behind them. */
    private static void forgetLoadedSessions(StateResetData reset) {
        int[] contextArray = reset.contextArray();
        for (int i = 0; i < contextArray.length; i++) {
            if (contextArray[i] <= LoadedSessions.SLOTS) {
                contextArray[i] = 0;
            }
        }
        reset.setContextArray(contextArray);
    }

    private static void writeFlags(TpmWriter w, RuntimeFlags f) {
        w.writeBool(f.started()).writeBool(f.phEnable()).writeU16(f.prevOrderlyState());
        w.writeBool(f.startupLocality3()).writeBool(f.drtmPreStartup()).writeBool(f.daUsed());
        w.writeBool(f.pcrReconfigured()).writeU64(f.time()).writeBool(f.failureMode()).writeU32(f.failCode());
    }

    private static RuntimeFlags readFlags(TpmReader r) {
        RuntimeFlags f = new RuntimeFlags();
        f.setStarted(r.readBool());
        f.setPhEnable(r.readBool());
        f.setPrevOrderlyState(r.readU16());
        f.setStartupLocality3(r.readBool());
        f.setDrtmPreStartup(r.readBool());
        f.setDaUsed(r.readBool());
        f.setPcrReconfigured(r.readBool());
        f.setTime(r.readU64());
        boolean failureMode = r.readBool();
        int failCode = r.readU32();
        if (failureMode) {
            f.enterFailureMode(failCode);
        }
        return f;
    }

    private static void writePcrs(TpmWriter w, PcrBanks pcrs) {
        PersistentDataCodec.writeAllocation(w, pcrs.allocation());
        for (PcrAllocation.Bank bank : pcrs.allocation().banks()) {
            for (int pcr = 0; pcr < PcrAllocation.PCR_COUNT; pcr++) {
                byte[] value = pcrs.value(pcr, bank.hashAlg());
                w.writeSized(value == null ? new byte[0] : value);
            }
        }
    }

    private static PcrBanks readPcrs(TpmReader r) {
        PcrBanks pcrs = new PcrBanks(PersistentDataCodec.readAllocation(r));
        for (PcrAllocation.Bank bank : pcrs.allocation().banks()) {
            for (int pcr = 0; pcr < PcrAllocation.PCR_COUNT; pcr++) {
                byte[] value = r.readSized(Hashes.MAX_DIGEST_SIZE);
                if (value.length != 0) {
                    pcrs.setValue(pcr, bank.hashAlg(), value);
                }
            }
        }
        return pcrs;
    }
}
