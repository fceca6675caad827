package org.swtpmjava.tpm.tpm2.command.object;

/**
 * What object creation produces besides the public area: the private part (TPMU_SENSITIVE_COMPOSITE)
 * and the seedValue (empty when the reference zeroes it).
 */
record SensitiveArea(byte[] sensitive, byte[] seedValue) {
    SensitiveArea {
        sensitive = sensitive.clone();
        seedValue = seedValue.clone();
    }

    @Override
    public byte[] sensitive() {
        return sensitive.clone();
    }

    @Override
    public byte[] seedValue() {
        return seedValue.clone();
    }
}
