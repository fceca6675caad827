package org.swtpmjava.tpm.tpm2.state.libtpms;

import java.util.List;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.state.PcrAllocation;
import org.swtpmjava.tpm.tpm2.state.PcrBanks;
import org.swtpmjava.tpm.tpm2.state.StateClearData;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;

/**
 * STATE_CLEAR_DATA with PCR_SAVE and PCR_AUTHVALUE (libtpms.md §4.6). PCR_SAVE holds the 16
 * state-saved PCRs of every bank compiled in (SHA-1, SHA-256, SHA-384, SHA-512 in 0.9), ended
 * by TPM_ALG_NULL; a reader needs data for every bank the allocation in effect uses.
 */
final class StateClearSection {
    static final int MAGIC = 0x98897667;
    private static final int VERSION = 2;
    private static final int PCR_SAVE_MAGIC = 0x7372EABC;
    private static final int PCR_SAVE_VERSION = 2;
    private static final int PCR_AUTHVALUE_MAGIC = 0x6BE82EAF;
    private static final int PCR_AUTHVALUE_VERSION = 2;
    /** NUM_AUTHVALUE_PCR_GROUP. */
    private static final int AUTH_GROUPS = 1;
    private static final int MAX_VALUE = PersistentDataSection.MAX_VALUE;
    /** The banks 0.9 compiles in, in the order PCR_SAVE_Marshal writes them. */
    private static final List<Integer> COMPILED_BANKS =
            List.of(TpmAlgId.SHA1, TpmAlgId.SHA256, TpmAlgId.SHA384, TpmAlgId.SHA512);

    private StateClearSection() {
    }

    /** {@code inEffect} is the allocation whose banks must have saved values (shadow.pcrAllocated). */
    static StateClearData read(NvMarshalReader r, PcrAllocation inEffect) throws LibtpmsFormatException {
        int version = r.header(MAGIC, VERSION, "STATE_CLEAR_DATA");
        StateClearData d = new StateClearData();
        d.setShEnable(r.bool());
        d.setEhEnable(r.bool());
        d.setPhEnableNv(r.bool());
        d.setPlatformAlg(r.u16());
        d.setPlatformPolicy(r.tpm2b(MAX_VALUE, "platformPolicy"));
        d.setPlatformAuth(r.tpm2b(MAX_VALUE, "platformAuth"));
        readPcrSave(r, d, inEffect);
        readPcrAuthValue(r, d);
        if (version >= 2) {
            r.block(false, "STATE_CLEAR_DATA future versions");
        }
        return d;
    }

    static void write(NvMarshalWriter w, StateClearData d) {
        w.header(VERSION, MAGIC, 1);
        w.bool(d.shEnable()).bool(d.ehEnable()).bool(d.phEnableNv());
        w.u16(d.platformAlg()).tpm2b(d.platformPolicy()).tpm2b(d.platformAuth());
        w.header(PCR_SAVE_VERSION, PCR_SAVE_MAGIC, 1).u16(PcrBanks.SAVED_PCR_COUNT);
        for (int alg : COMPILED_BANKS) {
            int size = PcrBanks.SAVED_PCR_COUNT * Hashes.digestSize(alg);
            byte[] saved = d.savedPcrs(alg);
            w.u16(alg).u16(size).bytes(saved != null && saved.length == size ? saved : new byte[size]);
        }
        w.u16(TpmAlgId.NULL);
        w.emptyFutureBlock();
        w.header(PCR_AUTHVALUE_VERSION, PCR_AUTHVALUE_MAGIC, 1).u16(AUTH_GROUPS).tpm2b(d.pcrAuthValue());
        w.emptyFutureBlock();
        w.emptyFutureBlock();
    }

    private static void readPcrSave(NvMarshalReader r, StateClearData d, PcrAllocation inEffect)
            throws LibtpmsFormatException {
        int version = r.header(PCR_SAVE_MAGIC, PCR_SAVE_VERSION, "PCR_SAVE");
        int count = r.u16();
        if (count != PcrBanks.SAVED_PCR_COUNT) {
            throw new LibtpmsFormatException(LibtpmsRc.SIZE, "PCR_SAVE of " + count + " PCRs");
        }
        long needed = 0;
        for (PcrAllocation.Bank bank : inEffect.banks()) {
            if (bank.pcrMask() != 0 && bank.hashAlg() < 64) {
                needed |= 1L << bank.hashAlg();
            }
        }
        while (true) {
            int alg = r.u16();
            if (alg == TpmAlgId.NULL) {
                break;
            }
            if (!COMPILED_BANKS.contains(alg)) {
                throw new LibtpmsFormatException(LibtpmsRc.BAD_PARAMETER, String.format("PCR_SAVE bank 0x%04x", alg));
            }
            needed &= ~(1L << alg);
            int size = r.u16();
            int expected = PcrBanks.SAVED_PCR_COUNT * Hashes.digestSize(alg);
            if (size != expected) {
                throw new LibtpmsFormatException(LibtpmsRc.BAD_PARAMETER, "PCR_SAVE bank of " + size + " bytes");
            }
            d.setSavedPcrs(alg, r.bytes(size));
        }
        if (needed != 0) {
            throw new LibtpmsFormatException(LibtpmsRc.BAD_PARAMETER,
                    "PCR_SAVE lacks allocated bank " + Long.numberOfTrailingZeros(needed));
        }
        if (version >= 2) {
            r.block(false, "PCR_SAVE future versions");
        }
    }

    private static void readPcrAuthValue(NvMarshalReader r, StateClearData d) throws LibtpmsFormatException {
        int version = r.header(PCR_AUTHVALUE_MAGIC, PCR_AUTHVALUE_VERSION, "PCR_AUTHVALUE");
        int count = r.u16();
        if (count != AUTH_GROUPS) {
            throw new LibtpmsFormatException(LibtpmsRc.BAD_PARAMETER, "PCR_AUTHVALUE of " + count + " groups");
        }
        d.setPcrAuthValue(r.tpm2b(MAX_VALUE, "PCR authValue"));
        if (version >= 2) {
            r.block(false, "PCR_AUTHVALUE future versions");
        }
    }
}
