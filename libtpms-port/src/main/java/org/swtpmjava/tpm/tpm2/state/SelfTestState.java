package org.swtpmjava.tpm.tpm2.state;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The algorithms still to be self-tested (the reference's g_toTest, AlgorithmTests.c): set at
 * _TPM_Init to the algorithms libtpms 0.9.2 has tests for, cleared by TPM2_SelfTest, by
 * TPM2_IncrementalSelfTest and by the first use of an algorithm (the TEST() macro, e.g. in
 * CryptHashStart). Volatile only: a new power cycle starts with everything untested.
 */
public final class SelfTestState {
    /** As observed on libtpms 0.9.2 right after Startup (IncrementalSelfTest with an empty list). */
    private static final List<Integer> TESTABLE = List.of(0x0003, 0x0004, 0x0006, 0x000B, 0x000C, 0x000D,
            0x0014, 0x0015, 0x0016, 0x0017, 0x0018, 0x0019, 0x001C, 0x0022, 0x0026, 0x0043);

    /**
     * What an algorithm's test also tests, observed one algorithm at a time on a fresh libtpms
     * 0.9.2: HMAC, OAEP, ECDSA, EC-Schnorr and the SP800-108 KDF use SHA-512; ECDSA, EC-Schnorr
     * and ECC run the ECDH test; AES and CFB test each other.
     */
    private static final Map<Integer, Set<Integer>> ALSO_TESTS = Map.of(
            0x0005, Set.of(0x000D), 0x0006, Set.of(0x0043), 0x0043, Set.of(0x0006),
            0x0017, Set.of(0x000D), 0x0018, Set.of(0x000D, 0x0019), 0x001C, Set.of(0x000D, 0x0019),
            0x0022, Set.of(0x000D), 0x0023, Set.of(0x0019));

    private final TreeSet<Integer> toTest = new TreeSet<>(TESTABLE);

    /** TEST(alg): runs the algorithm's test only if it is still pending. */
    public void test(int alg) {
        if (toTest.contains(alg)) {
            run(alg);
        }
    }

    /**
     * TestAlgorithm as CryptIncrementalSelfTest calls it: the requested algorithm is tested even
     * if it was already, and what that test uses is tested if pending.
     */
    public void run(int alg) {
        toTest.remove(alg);
        ALSO_TESTS.getOrDefault(alg, Set.of()).forEach(toTest::remove);
    }

    /** CryptSelfTest: with or without fullTest, everything pending ends up tested. */
    public void testAll() {
        toTest.clear();
    }

    /** The algorithms not yet tested, ascending (IncrementalSelfTest's toDoList). */
    public List<Integer> pending() {
        return List.copyOf(toTest);
    }
}
