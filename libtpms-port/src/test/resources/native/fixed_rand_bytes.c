/*
 * Test-only LD_PRELOAD library for the C swtpm: replaces OpenSSL's RAND_bytes and
 * RAND_priv_bytes with the deterministic stream of FixedEntropy.java (byte k = 7k + 3 mod 256,
 * continuing across calls), so libtpms' DRBG and the engine's see the same entropy.
 * Built by FixedEntropyDifferentialTest with the system C compiler.
 */
static unsigned long position;

static void fill(unsigned char *out, int length)
{
    for (int i = 0; i < length; i++)
        out[i] = (unsigned char)(position++ * 7 + 3);
}

int RAND_bytes(unsigned char *out, int length)
{
    fill(out, length);
    return 1;
}

int RAND_priv_bytes(unsigned char *out, int length)
{
    fill(out, length);
    return 1;
}
