package org.swtpmjava.tpm.tpm2.command.capability;

import java.util.List;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;

/**
 * TPM_CAP_ALGS: the 33 algorithms of libtpms 0.9.2 with their TPMA_ALGORITHM (Part 2, Table 30;
 * asymmetric 0x1, symmetric 0x2, hash 0x4, object 0x8, signing 0x100, encrypting 0x200,
 * method 0x400), as observed. The start property is a TPM_ALG_ID, so only its low 16 bits count.
 */
public final class AlgorithmList implements CapabilityProvider {
    /** MAX_CAP_DATA / sizeof(TPMS_ALG_PROPERTY), which is 8 with C padding. */
    private static final int MAX_CAP_ALGS = MAX_CAP_DATA / 8;

    private record Algorithm(int id, int attributes) {
    }

    private static final List<Algorithm> ALGORITHMS = List.of(
            new Algorithm(0x0001, 0x009), new Algorithm(0x0003, 0x002), new Algorithm(0x0004, 0x004),
            new Algorithm(0x0005, 0x104), new Algorithm(0x0006, 0x002), new Algorithm(0x0007, 0x404),
            new Algorithm(0x0008, 0x30C), new Algorithm(0x000A, 0x006), new Algorithm(0x000B, 0x004),
            new Algorithm(0x000C, 0x004), new Algorithm(0x000D, 0x004), new Algorithm(0x0014, 0x101),
            new Algorithm(0x0015, 0x201), new Algorithm(0x0016, 0x101), new Algorithm(0x0017, 0x201),
            new Algorithm(0x0018, 0x101), new Algorithm(0x0019, 0x401), new Algorithm(0x001A, 0x101),
            new Algorithm(0x001B, 0x501), new Algorithm(0x001C, 0x101), new Algorithm(0x001D, 0x401),
            new Algorithm(0x0020, 0x404), new Algorithm(0x0021, 0x404), new Algorithm(0x0022, 0x404),
            new Algorithm(0x0023, 0x009), new Algorithm(0x0025, 0x008), new Algorithm(0x0026, 0x002),
            new Algorithm(0x003F, 0x102), new Algorithm(0x0040, 0x202), new Algorithm(0x0041, 0x202),
            new Algorithm(0x0042, 0x202), new Algorithm(0x0043, 0x202), new Algorithm(0x0044, 0x202));

    /** True for one of the algorithms libtpms reports (the implemented TPM_ALG_IDs). */
    public static boolean isImplemented(int alg) {
        return ALGORITHMS.stream().anyMatch(a -> a.id() == alg);
    }

    @Override
    public CapabilityList read(long property, long count, CommandContext context) {
        int start = (int) (property & 0xFFFF);
        Page<Algorithm> page = Page.of(ALGORITHMS.stream().filter(a -> a.id() >= start).toList(), count, MAX_CAP_ALGS);
        return new CapabilityList(page.more(), writer -> {
            writer.writeU32(page.items().size());
            page.items().forEach(a -> writer.writeU16(a.id()).writeU32(a.attributes()));
        });
    }
}
