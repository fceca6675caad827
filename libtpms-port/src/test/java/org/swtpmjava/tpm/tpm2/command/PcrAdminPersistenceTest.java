package org.swtpmjava.tpm.tpm2.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.EngineConfig;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.InMemoryNvStorage;
import org.swtpmjava.tpm.MutableClock;
import org.swtpmjava.tpm.StateBlobType;
import org.swtpmjava.tpm.TestBytes;
import org.swtpmjava.tpm.TpmEngine;
import org.swtpmjava.tpm.TpmEngines;
import org.swtpmjava.tpm.tpm2.state.PcrAllocation;
import org.swtpmjava.tpm.tpm2.state.PersistentData;
import org.swtpmjava.tpm.tpm2.state.codec.StateBlobException;
import org.swtpmjava.tpm.tpm2.state.libtpms.PermanentBlobFormats;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;

/**
 * PCR_Allocate and PCR_SetAuthPolicy write PERSISTENT_DATA through the engine's permanent
 * codec: the pending allocation and the policy are in the stored blob after the command, and a
 * new engine on the same storage uses the allocation (expected bytes as libtpms 0.9.2 answers,
 * see SwtpmPcrAdminDifferentialTest).
 */
class PcrAdminPersistenceTest {
    private static final String STARTUP_CLEAR = "8001 0000000c 00000144 0000";
    private static final String PW_AREA = "00000009 40000009 0000 00 0000";
    private static final String ALLOCATE_SHA256_ONLY = TestBytes.hex(TestBytes.command(0x8002, 0x12B, "4000000c "
            + PW_AREA + "00000004 0004 03 000000 000b 03 ffffff 000c 03 000000 000d 03 000000"));
    private static final String SET_POLICY_SHA256 = TestBytes.hex(TestBytes.command(0x8002, 0x12C, "4000000c "
            + PW_AREA + "0020" + "5a".repeat(32) + "000b 00000015"));
    private static final String CAP_PCRS = "8001 00000016 0000017a 00000005 00000000 00000001";

    private final InMemoryNvStorage storage = new InMemoryNvStorage();

    private TpmEngine newStartedEngine() {
        TpmEngine engine = TpmEngines.tpm2(storage, new EngineConfig(new MutableClock(0), new FixedEntropy()));
        engine.mainInit();
        assertThat(send(engine, STARTUP_CLEAR)).isEqualTo("80010000000a00000000");
        return engine;
    }

    private static String send(TpmEngine engine, String command) {
        return TestBytes.hex(engine.process(TestBytes.hex(command), 0));
    }

    private PersistentData stored() throws StateBlobException {
        return PermanentBlobFormats.decode(storage.load(StateBlobType.PERMANENT).orElseThrow()).persistent();
    }

    @Test
    void pendingAllocationIsStoredAndUsedByTheNextEngine() throws StateBlobException {
        TpmEngine first = newStartedEngine();
        int stores = storage.storeCount(StateBlobType.PERMANENT);
        assertThat(send(first, ALLOCATE_SHA256_ONLY))
                .isEqualTo("800200000020000000000000000d01000000180000030000000f600000010000");
        assertThat(storage.storeCount(StateBlobType.PERMANENT)).as("one NV commit").isEqualTo(stores + 1);
        assertThat(stored().pcrAllocated().maskOf(TpmAlgId.SHA256)).isEqualTo(PcrAllocation.ALL_PCRS);
        assertThat(stored().pcrAllocated().maskOf(TpmAlgId.SHA1)).isZero();
        assertThat(send(first, CAP_PCRS)).as("the banks in use do not change yet")
                .isEqualTo("80010000002b00000000000000000500000004000403ffffff000b03ffffff000c03ffffff000d03ffffff");
        first.terminate();

        TpmEngine second = newStartedEngine();
        assertThat(send(second, CAP_PCRS))
                .isEqualTo("80010000002b00000000000000000500000004000403000000000b03ffffff000c03000000000d03000000");
    }

    @Test
    void pcrPolicyIsPersistentData() throws StateBlobException {
        TpmEngine first = newStartedEngine();
        assertThat(send(first, SET_POLICY_SHA256)).isEqualTo("80020000001300000000000000000000010000");
        first.terminate();
        newStartedEngine();
        PersistentData.PcrPolicy policy = stored().pcrPolicy();
        assertThat(policy.hashAlg()).isEqualTo(TpmAlgId.SHA256);
        assertThat(policy.policy()).isEqualTo(TestBytes.hex("5a".repeat(32)));
    }
}
