package org.swtpmjava.tpm.tpm2.state.libtpms;

import java.util.ArrayList;
import java.util.List;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.state.PcrAllocation;

/**
 * TPML_PCR_SELECTION in TPM wire format as PERSISTENT_DATA stores pcrAllocated: u32 count (at
 * most HASH_COUNT), then per bank u16 hash, u8 sizeofSelect (PCR_SELECT_MIN = MAX = 3), the
 * bitmap with PCR n in byte n/8, bit n%8 (Part 2 §10.6.2).
 */
final class PcrSelectionCodec {
    private static final int HASH_COUNT = 4;

    private PcrSelectionCodec() {
    }

    static PcrAllocation read(NvMarshalReader r) throws LibtpmsFormatException {
        long count = Integer.toUnsignedLong(r.u32());
        if (count > HASH_COUNT) {
            throw new LibtpmsFormatException(LibtpmsRc.SIZE, "PCR selection of " + count + " banks");
        }
        List<PcrAllocation.Bank> banks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int hashAlg = r.u16();
            if (!Hashes.isImplemented(hashAlg)) {
                throw new LibtpmsFormatException(LibtpmsRc.HASH, String.format("PCR bank 0x%04x", hashAlg));
            }
            int sizeOfSelect = r.u8();
            if (sizeOfSelect != PcrAllocation.SELECT_SIZE) {
                throw new LibtpmsFormatException(LibtpmsRc.VALUE, "sizeofSelect " + sizeOfSelect);
            }
            int mask = 0;
            for (int b = 0; b < sizeOfSelect; b++) {
                mask |= r.u8() << (8 * b);
            }
            banks.add(new PcrAllocation.Bank(hashAlg, mask));
        }
        return new PcrAllocation(banks);
    }

    static void write(NvMarshalWriter w, PcrAllocation allocation) {
        w.u32(allocation.banks().size());
        for (PcrAllocation.Bank bank : allocation.banks()) {
            w.u16(bank.hashAlg()).u8(PcrAllocation.SELECT_SIZE);
            for (int b = 0; b < PcrAllocation.SELECT_SIZE; b++) {
                w.u8(bank.pcrMask() >>> (8 * b));
            }
        }
    }
}
