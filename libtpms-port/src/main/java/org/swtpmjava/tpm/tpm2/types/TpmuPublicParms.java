package org.swtpmjava.tpm.tpm2.types;

import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;

/**
 * TPMU_PUBLIC_PARMS (Part 2 §12.2.3.7): the algorithm-specific parameters of a public area,
 * one record per TPMI_ALG_PUBLIC member.
 */
public sealed interface TpmuPublicParms
        permits TpmsKeyedHashParms, TpmsSymCipherParms, TpmsRsaParms, TpmsEccParms {

    /** The TPMI_ALG_PUBLIC selector of this member. */
    int type();

    void marshal(TpmWriter writer);
}
