package org.swtpmjava.tpm.tpm2.command.capability;

import java.util.List;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.types.TpmEccCurve;

/**
 * TPM_CAP_ECC_CURVES: NIST P-192..P-521, BN P-256, BN P-638 and SM2 P-256 (libtpms.md §2.2).
 * The start property is a TPM_ECC_CURVE, so only its low 16 bits count.
 */
final class EccCurveList implements CapabilityProvider {
    /** MAX_CAP_DATA / sizeof(TPM_ECC_CURVE). */
    private static final int MAX_ECC_CURVES = MAX_CAP_DATA / 2;
    private static final List<Integer> CURVES = TpmEccCurve.IMPLEMENTED;

    @Override
    public CapabilityList read(long property, long count, CommandContext context) {
        int start = (int) (property & 0xFFFF);
        Page<Integer> page = Page.of(CURVES.stream().filter(c -> c >= start).toList(), count, MAX_ECC_CURVES);
        return new CapabilityList(page.more(), writer -> {
            writer.writeU32(page.items().size());
            page.items().forEach(writer::writeU16);
        });
    }
}
