package org.swtpmjava.tpm;

/**
 * A deterministic entropy stream: byte k of the stream is (7k + 3) mod 256, continuing across
 * calls. The differential test preloads the same stream into the C swtpm.
 */
public final class FixedEntropy implements EntropySource {
    private long position;

    @Override
    public void fill(byte[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (position++ * 7 + 3);
        }
    }

    public long consumed() {
        return position;
    }
}
