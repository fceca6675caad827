package org.swtpmjava.tpm.tpm2.state.libtpms;

import java.util.List;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.state.PcrAllocation;
import org.swtpmjava.tpm.tpm2.state.PcrBanks;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;

/**
 * The PCR block of the volatile blob (libtpms.md §4.10 item 8): u16 24, then one PCR section per
 * PCR (header magic 0xE95F0387 version 2; per compiled bank u16 alg, u16 size, the digest;
 * TPM_ALG_NULL; future block). Like PCR_SAVE, a reader needs a value for every bank the
 * allocation in effect uses; values of banks not allocated are written as zeros (libtpms never
 * touches them) and ignored when read.
 */
final class VolatilePcrSection {
    private static final int MAGIC = 0xE95F0387;
    private static final int VERSION = 2;
    /** The banks 0.9 compiles in, in the order PCR_Marshal writes them. */
    private static final List<Integer> COMPILED_BANKS =
            List.of(TpmAlgId.SHA1, TpmAlgId.SHA256, TpmAlgId.SHA384, TpmAlgId.SHA512);

    private VolatilePcrSection() {
    }

    static PcrBanks read(NvMarshalReader r, PcrAllocation inEffect) throws LibtpmsFormatException {
        int count = r.u16();
        if (count != PcrAllocation.PCR_COUNT) {
            throw new LibtpmsFormatException(LibtpmsRc.BAD_PARAMETER, "s_pcrs of " + count + " PCRs");
        }
        PcrBanks pcrs = new PcrBanks(inEffect);
        long needed = 0;
        for (PcrAllocation.Bank bank : inEffect.banks()) {
            if (bank.pcrMask() != 0 && bank.hashAlg() < 64) {
                needed |= 1L << bank.hashAlg();
            }
        }
        for (int pcr = 0; pcr < count; pcr++) {
            int version = r.header(MAGIC, VERSION, "PCR");
            long missing = needed;
            while (true) {
                int alg = r.u16();
                if (alg == TpmAlgId.NULL) {
                    break;
                }
                if (!COMPILED_BANKS.contains(alg)) {
                    throw new LibtpmsFormatException(LibtpmsRc.BAD_PARAMETER, String.format("PCR bank 0x%04x", alg));
                }
                int size = r.u16();
                if (size != Hashes.digestSize(alg)) {
                    throw new LibtpmsFormatException(LibtpmsRc.BAD_PARAMETER, "PCR value of " + size + " bytes");
                }
                byte[] value = r.bytes(size);
                missing &= ~(1L << alg);
                if (inEffect.isAllocated(pcr, alg)) {
                    pcrs.setValue(pcr, alg, value);
                }
            }
            if (missing != 0) {
                throw new LibtpmsFormatException(LibtpmsRc.BAD_PARAMETER,
                        "PCR " + pcr + " lacks allocated bank " + Long.numberOfTrailingZeros(missing));
            }
            if (version >= 2) {
                r.block(false, "PCR future versions");
            }
        }
        return pcrs;
    }

    static void write(NvMarshalWriter w, PcrBanks pcrs) {
        w.u16(PcrAllocation.PCR_COUNT);
        for (int pcr = 0; pcr < PcrAllocation.PCR_COUNT; pcr++) {
            w.header(VERSION, MAGIC, 1);
            for (int alg : COMPILED_BANKS) {
                byte[] value = pcrs.value(pcr, alg);
                int size = Hashes.digestSize(alg);
                w.u16(alg).u16(size).bytes(value != null ? value : new byte[size]);
            }
            w.u16(TpmAlgId.NULL);
            w.emptyFutureBlock();
        }
    }
}
