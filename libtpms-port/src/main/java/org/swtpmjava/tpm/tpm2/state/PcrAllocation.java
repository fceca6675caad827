package org.swtpmjava.tpm.tpm2.state;

import java.util.ArrayList;
import java.util.List;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;

/**
 * Which PCRs are allocated in which bank (TPML_PCR_SELECTION with sizeofSelect 3): one
 * 24-bit mask per hash algorithm, bit n = PCR n, in bank order.
 */
public record PcrAllocation(List<Bank> banks) {
    /** IMPLEMENTATION_PCR. */
    public static final int PCR_COUNT = 24;
    /** PCR_SELECT_MAX = PCR_SELECT_MIN = 3 bytes. */
    public static final int SELECT_SIZE = 3;
    public static final int ALL_PCRS = (1 << PCR_COUNT) - 1;

    public PcrAllocation {
        banks = List.copyOf(banks);
    }

    /** One bank: its hash algorithm and the mask of allocated PCRs. */
    public record Bank(int hashAlg, int pcrMask) {
    }

    /** The manufacture default (PCRSimStart): all implemented hashes, all 24 PCRs each. */
    public static PcrAllocation allBanks() {
        return new PcrAllocation(Hashes.IMPLEMENTED.stream().map(alg -> new Bank(alg, ALL_PCRS)).toList());
    }

    /** PcrIsAllocated. */
    public boolean isAllocated(int pcr, int hashAlg) {
        if (pcr < 0 || pcr >= PCR_COUNT) {
            return false;
        }
        return banks.stream().anyMatch(b -> b.hashAlg() == hashAlg && (b.pcrMask() & (1 << pcr)) != 0);
    }

    /**
     * PCRAllocate's new allocation: this one with the bank of each requested selection replaced
     * (a later request for the same bank wins), and a bank that is not yet listed appended.
     */
    public PcrAllocation replacing(List<Bank> requested) {
        List<Bank> result = new ArrayList<>(banks);
        for (Bank bank : requested) {
            int index = indexOf(result, bank.hashAlg());
            if (index >= 0) {
                result.set(index, bank);
            } else {
                result.add(bank);
            }
        }
        return new PcrAllocation(result);
    }

    private static int indexOf(List<Bank> banks, int hashAlg) {
        for (int i = 0; i < banks.size(); i++) {
            if (banks.get(i).hashAlg() == hashAlg) {
                return i;
            }
        }
        return -1;
    }

    /** True if PCR {@code pcr} is allocated in at least one bank. */
    public boolean isAllocatedInAnyBank(int pcr) {
        return banks.stream().anyMatch(b -> (b.pcrMask() & (1 << pcr)) != 0);
    }

    /** The mask for a bank, or 0 if the bank is not in the list. */
    public int maskOf(int hashAlg) {
        return banks.stream().filter(b -> b.hashAlg() == hashAlg).mapToInt(Bank::pcrMask).findFirst().orElse(0);
    }
}
