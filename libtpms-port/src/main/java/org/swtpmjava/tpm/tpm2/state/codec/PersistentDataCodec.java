package org.swtpmjava.tpm.tpm2.state.codec;

import java.util.ArrayList;
import java.util.List;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.state.HierarchyAuth;
import org.swtpmjava.tpm.tpm2.state.HierarchyProofs;
import org.swtpmjava.tpm.tpm2.state.PcrAllocation;
import org.swtpmjava.tpm.tpm2.state.PersistentData;
import org.swtpmjava.tpm.tpm2.state.PrimarySeeds;

/** PERSISTENT_DATA in this engine's format (field order as the reference structure). */
final class PersistentDataCodec {
    /** Largest digest, auth value, seed or proof. */
    static final int MAX_VALUE = 64;
    private static final int MAX_LIST = 1024;

    private PersistentDataCodec() {
    }

    static void write(TpmWriter w, PersistentData p) {
        w.writeBool(p.disableClear());
        writeAuth(w, p.owner());
        writeAuth(w, p.endorsement());
        writeAuth(w, p.lockout());
        PrimarySeeds seeds = p.seeds();
        w.writeSized(seeds.endorsement()).writeSized(seeds.storage()).writeSized(seeds.platform());
        w.writeU8(seeds.endorsementCompat()).writeU8(seeds.storageCompat()).writeU8(seeds.platformCompat());
        HierarchyProofs proofs = p.proofs();
        w.writeSized(proofs.platform()).writeSized(proofs.storage()).writeSized(proofs.endorsement());
        w.writeU64(p.totalResetCount()).writeU32(p.resetCount());
        w.writeU16(p.pcrPolicy().hashAlg()).writeSized(p.pcrPolicy().policy());
        writeAllocation(w, p.pcrAllocated());
        writeCodes(w, p.ppCommands());
        w.writeU32(p.failedTries()).writeU32(p.maxTries()).writeU32(p.recoveryTime()).writeU32(p.lockoutRecovery());
        w.writeBool(p.lockoutAuthEnabled());
        w.writeU16(p.orderlyState());
        writeCodes(w, p.auditCommands());
        w.writeU16(p.auditHashAlg()).writeU64(p.auditCounter());
        w.writeU32(p.algorithmSet()).writeU32(p.firmwareV1()).writeU32(p.firmwareV2()).writeU32(p.timeEpoch());
    }

    static PersistentData read(TpmReader r) {
        PersistentData p = new PersistentData();
        p.setDisableClear(r.readBool());
        p.setOwner(readAuth(r));
        p.setEndorsement(readAuth(r));
        p.setLockout(readAuth(r));
        byte[] eps = r.readSized(MAX_VALUE);
        byte[] sps = r.readSized(MAX_VALUE);
        byte[] pps = r.readSized(MAX_VALUE);
        p.setSeeds(new PrimarySeeds(eps, sps, pps, r.readU8(), r.readU8(), r.readU8()));
        p.setProofs(new HierarchyProofs(r.readSized(MAX_VALUE), r.readSized(MAX_VALUE), r.readSized(MAX_VALUE)));
        p.setTotalResetCount(r.readU64());
        p.setResetCount(r.readU32());
        p.setPcrPolicy(new PersistentData.PcrPolicy(r.readU16(), r.readSized(MAX_VALUE)));
        p.setPcrAllocated(readAllocation(r));
        p.setPpCommands(readCodes(r));
        p.setFailedTries(r.readU32());
        p.setMaxTries(r.readU32());
        p.setRecoveryTime(r.readU32());
        p.setLockoutRecovery(r.readU32());
        p.setLockoutAuthEnabled(r.readBool());
        p.setOrderlyState(r.readU16());
        p.setAuditCommands(readCodes(r));
        p.setAuditHashAlg(r.readU16());
        p.setAuditCounter(r.readU64());
        p.setAlgorithmSet(r.readU32());
        p.setFirmwareV1(r.readU32());
        p.setFirmwareV2(r.readU32());
        p.setTimeEpoch(r.readU32());
        return p;
    }

    static void writeAllocation(TpmWriter w, PcrAllocation allocation) {
        w.writeU32(allocation.banks().size());
        allocation.banks().forEach(bank -> w.writeU16(bank.hashAlg()).writeU32(bank.pcrMask()));
    }

    static PcrAllocation readAllocation(TpmReader r) {
        int count = boundedCount(r, 8);
        List<PcrAllocation.Bank> banks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            banks.add(new PcrAllocation.Bank(r.readU16(), r.readU32() & PcrAllocation.ALL_PCRS));
        }
        return new PcrAllocation(banks);
    }

    /** A list count, refused above {@code max} before anything is allocated. */
    static int boundedCount(TpmReader r, int max) {
        long count = r.readU32Unsigned();
        if (count > max) {
            throw new IllegalArgumentException("list of " + count + " entries exceeds " + max);
        }
        return (int) count;
    }

    private static void writeAuth(TpmWriter w, HierarchyAuth auth) {
        w.writeU16(auth.policyAlg()).writeSized(auth.policy()).writeSized(auth.authValue());
    }

    private static HierarchyAuth readAuth(TpmReader r) {
        return new HierarchyAuth(r.readU16(), r.readSized(MAX_VALUE), r.readSized(MAX_VALUE));
    }

    private static void writeCodes(TpmWriter w, Iterable<Integer> codes) {
        List<Integer> list = new ArrayList<>();
        codes.forEach(list::add);
        w.writeU32(list.size());
        list.forEach(w::writeU32);
    }

    private static List<Integer> readCodes(TpmReader r) {
        int count = boundedCount(r, MAX_LIST);
        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            codes.add(r.readU32());
        }
        return codes;
    }
}
