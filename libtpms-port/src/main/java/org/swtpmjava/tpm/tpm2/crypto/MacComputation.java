package org.swtpmjava.tpm.tpm2.crypto;

/**
 * A running MAC of TPM2_MAC / TPM2_MAC_Start (the reference's HMAC_STATE): an HMAC
 * ({@link HmacComputation}) or a block-cipher MAC ({@link Cmac}).
 */
public sealed interface MacComputation permits HmacComputation, Cmac {

    /** The hash algorithm of an HMAC, TPM_ALG_CMAC for a CMAC. */
    int macAlg();

    /** The size of the result in bytes. */
    int macSize();

    void update(byte[] data);

    /** Completes the MAC; the computation is not to be used afterwards. */
    byte[] finish();
}
