package org.swtpmjava.tpm;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;

/**
 * The platform services an engine uses: a clock for TPM time and clock, and an entropy source
 * for its DRBG. Tests inject fixed ones to make runs repeatable.
 *
 * @param clock   read in milliseconds at every command; only differences matter
 * @param entropy 48 bytes per DRBG instantiation or reseed
 */
public record EngineConfig(Clock clock, EntropySource entropy) {

    public EngineConfig {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(entropy, "entropy");
    }

    /** The system clock and a SecureRandom (one per engine). */
    public static EngineConfig defaults() {
        SecureRandom random = new SecureRandom();
        return new EngineConfig(Clock.systemUTC(), random::nextBytes);
    }

    public EngineConfig withClock(Clock newClock) {
        return new EngineConfig(newClock, entropy);
    }

    public EngineConfig withEntropy(EntropySource newEntropy) {
        return new EngineConfig(clock, newEntropy);
    }
}
