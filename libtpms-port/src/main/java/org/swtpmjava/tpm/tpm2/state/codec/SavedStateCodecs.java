package org.swtpmjava.tpm.tpm2.state.codec;

import org.swtpmjava.tpm.tpm2.crypto.CtrDrbg;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.state.OrderlyData;
import org.swtpmjava.tpm.tpm2.state.PcrBanks;
import org.swtpmjava.tpm.tpm2.state.StateClearData;
import org.swtpmjava.tpm.tpm2.state.StateResetData;

/** ORDERLY_DATA (with the DRBG), STATE_RESET_DATA and STATE_CLEAR_DATA in this engine's format. */
final class SavedStateCodecs {
    private static final int MAX_VALUE = PersistentDataCodec.MAX_VALUE;

    private SavedStateCodecs() {
    }

    static void writeOrderly(TpmWriter w, OrderlyData o) {
        w.writeU64(o.clock()).writeBool(o.clockSafe());
        CtrDrbg drbg = o.drbg();
        w.writeBool(drbg.isInstantiated()).writeU64(drbg.reseedCounter()).writeBytes(drbg.seed());
        w.writeU64(o.selfHealTimer()).writeU64(o.lockoutTimer()).writeU64(o.time());
    }

    static OrderlyData readOrderly(TpmReader r) {
        long clock = r.readU64();
        boolean clockSafe = r.readBool();
        boolean instantiated = r.readBool();
        long reseedCounter = r.readU64();
        OrderlyData o = new OrderlyData(CtrDrbg.restore(r.readBytes(CtrDrbg.SEED_SIZE), reseedCounter, instantiated));
        o.setClock(clock);
        o.setClockSafe(clockSafe);
        o.setSelfHealTimer(r.readU64());
        o.setLockoutTimer(r.readU64());
        o.setTime(r.readU64());
        return o;
    }

    static void writeReset(TpmWriter w, StateResetData d) {
        w.writeSized(d.nullProof()).writeSized(d.nullSeed()).writeU8(d.nullSeedCompat());
        w.writeU32(d.clearCount()).writeU64(d.objectContextId());
        int[] slots = d.contextArray();
        w.writeU16(slots.length);
        for (int slot : slots) {
            w.writeU16(slot);
        }
        w.writeU64(d.contextCounter()).writeSized(d.commandAuditDigest());
        w.writeU32(d.restartCount()).writeU32(d.pcrCounter());
        w.writeU64(d.commitCounter()).writeSized(d.commitNonce()).writeBytes(d.commitArray());
    }

    static StateResetData readReset(TpmReader r) {
        StateResetData d = new StateResetData();
        d.setNullProof(r.readSized(MAX_VALUE));
        d.setNullSeed(r.readSized(MAX_VALUE));
        d.setNullSeedCompat(r.readU8());
        d.setClearCount(r.readU32());
        d.setObjectContextId(r.readU64());
        int count = r.readU16();
        if (count != StateResetData.CONTEXT_SLOTS) {
            throw new IllegalArgumentException("context array of " + count + " slots");
        }
        int[] slots = new int[count];
        for (int i = 0; i < count; i++) {
            slots[i] = r.readU16();
        }
        d.setContextArray(slots);
        d.setContextCounter(r.readU64());
        d.setCommandAuditDigest(r.readSized(MAX_VALUE));
        d.setRestartCount(r.readU32());
        d.setPcrCounter(r.readU32());
        d.setCommitCounter(r.readU64());
        d.setCommitNonce(r.readSized(MAX_VALUE));
        d.setCommitArray(r.readBytes(StateResetData.COMMIT_ARRAY_SIZE));
        return d;
    }

    static void writeClear(TpmWriter w, StateClearData d) {
        w.writeBool(d.shEnable()).writeBool(d.ehEnable()).writeBool(d.phEnableNv());
        w.writeU16(d.platformAlg()).writeSized(d.platformPolicy()).writeSized(d.platformAuth());
        int banks = 0;
        for (int ignored : d.savedPcrBanks()) {
            banks++;
        }
        w.writeU16(banks);
        for (int alg : d.savedPcrBanks()) {
            w.writeU16(alg).writeSized(d.savedPcrs(alg));
        }
        w.writeSized(d.pcrAuthValue());
    }

    static StateClearData readClear(TpmReader r) {
        StateClearData d = new StateClearData();
        d.setShEnable(r.readBool());
        d.setEhEnable(r.readBool());
        d.setPhEnableNv(r.readBool());
        d.setPlatformAlg(r.readU16());
        d.setPlatformPolicy(r.readSized(MAX_VALUE));
        d.setPlatformAuth(r.readSized(MAX_VALUE));
        int banks = r.readU16();
        for (int i = 0; i < banks; i++) {
            int alg = r.readU16();
            int size = Hashes.digestSize(alg) * PcrBanks.SAVED_PCR_COUNT;
            if (size == 0) {
                throw new IllegalArgumentException(String.format("saved PCRs of unknown bank 0x%04x", alg));
            }
            byte[] values = r.readSized(size);
            if (values.length != size) {
                throw new IllegalArgumentException("saved PCR bank of wrong size");
            }
            d.setSavedPcrs(alg, values);
        }
        d.setPcrAuthValue(r.readSized(MAX_VALUE));
        return d;
    }
}
