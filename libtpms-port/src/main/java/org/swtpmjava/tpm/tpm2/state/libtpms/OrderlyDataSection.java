package org.swtpmjava.tpm.tpm2.state.libtpms;

import org.swtpmjava.tpm.tpm2.crypto.CtrDrbg;
import org.swtpmjava.tpm.tpm2.state.OrderlyData;

/**
 * ORDERLY_DATA with its DRBG_STATE (libtpms.md §4.5). 0.9 is built with
 * ACCUMULATE_SELF_HEAL_TIMER, so the block with the DA timers is required. The DRBG's four
 * "lastValue" words (continuous-test memory) are not part of the engine's DRBG model and are
 * returned beside the orderly data, to be written back unchanged.
 */
final class OrderlyDataSection {
    static final int MAGIC = 0x56657887;
    private static final int VERSION = 2;
    private static final int DRBG_STATE_MAGIC = 0x6FE83EA1;
    private static final int DRBG_STATE_VERSION = 2;
    /** DRBG_STATE.magic of an instantiated DRBG ("DRBG" reversed); 0 otherwise. */
    private static final int DRBG_INSTANTIATED = 0x47425244;
    static final int LAST_VALUE_WORDS = 4;

    record Content(OrderlyData data, int[] drbgLastValue) {
    }

    private OrderlyDataSection() {
    }

    static Content read(NvMarshalReader r) throws LibtpmsFormatException {
        int version = r.header(MAGIC, VERSION, "ORDERLY_DATA");
        long clock = r.u64();
        int clockSafe = r.u8();
        int drbgVersion = r.header(DRBG_STATE_MAGIC, DRBG_STATE_VERSION, "DRBG_STATE");
        long reseedCounter = r.u64();
        boolean instantiated = r.u32() == DRBG_INSTANTIATED;
        int seedSize = r.u16();
        if (seedSize != CtrDrbg.SEED_SIZE) {
            throw new LibtpmsFormatException(LibtpmsRc.SIZE, "DRBG seed of " + seedSize + " bytes");
        }
        byte[] seed = r.bytes(seedSize);
        int words = r.u16();
        if (words != LAST_VALUE_WORDS) {
            throw new LibtpmsFormatException(LibtpmsRc.SIZE, "DRBG lastValue of " + words + " words");
        }
        int[] lastValue = new int[LAST_VALUE_WORDS];
        for (int i = 0; i < LAST_VALUE_WORDS; i++) {
            lastValue[i] = r.u32();
        }
        if (drbgVersion >= 2) {
            r.block(false, "DRBG_STATE future versions");
        }
        OrderlyData data = new OrderlyData(CtrDrbg.restore(seed, reseedCounter, instantiated));
        data.setClock(clock);
        data.setClockSafe(clockSafe != 0);
        if (r.block(true, "ORDERLY_DATA selfHealTimer")) {
            data.setSelfHealTimer(r.u64());
            data.setLockoutTimer(r.u64());
            data.setTime(r.u64());
        }
        if (version >= 2) {
            r.block(false, "ORDERLY_DATA future versions");
        }
        return new Content(data, lastValue);
    }

    static void write(NvMarshalWriter w, OrderlyData data, int[] drbgLastValue) {
        w.header(VERSION, MAGIC, 1).u64(data.clock()).u8(data.clockSafe() ? 1 : 0);
        CtrDrbg drbg = data.drbg();
        w.header(DRBG_STATE_VERSION, DRBG_STATE_MAGIC, 1).u64(drbg.reseedCounter());
        w.u32(drbg.isInstantiated() ? DRBG_INSTANTIATED : 0);
        w.u16(CtrDrbg.SEED_SIZE).bytes(drbg.seed());
        w.u16(LAST_VALUE_WORDS);
        for (int i = 0; i < LAST_VALUE_WORDS; i++) {
            w.u32(drbgLastValue[i]);
        }
        w.emptyFutureBlock();
        w.openBlock(true).u64(data.selfHealTimer()).u64(data.lockoutTimer()).u64(data.time()).closeBlock();
        w.emptyFutureBlock();
    }
}
