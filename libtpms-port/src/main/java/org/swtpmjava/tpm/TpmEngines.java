package org.swtpmjava.tpm;

import java.util.List;
import org.swtpmjava.tpm.tpm2.Tpm2Engine;
import org.swtpmjava.tpm.tpm2.platform.EmulatedLibtpms;

/** Creates engines. Each engine is independent; one JVM may run many. */
public final class TpmEngines {
    private TpmEngines() {
    }

    /** A TPM 2.0 engine that behaves as libtpms 0.9.2, keeping its state in {@code storage}. */
    public static TpmEngine tpm2(NvStorage storage, EngineConfig config) {
        return new Tpm2Engine(storage, config, EmulatedLibtpms.V0_9_2);
    }

    /** The RSA key sizes the TPM 2.0 engine supports (libtpms' TPMFeatures RSAKeySizes). */
    public static List<Integer> tpm2RsaKeySizes() {
        return EmulatedLibtpms.V0_9_2.rsaKeySizes();
    }

    /** As {@link #tpm2(NvStorage, EngineConfig)} with the system clock and a SecureRandom. */
    public static TpmEngine tpm2(NvStorage storage) {
        return tpm2(storage, EngineConfig.defaults());
    }
}
