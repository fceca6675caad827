package org.swtpmjava.tpm.tpm2.state.libtpms;

import java.util.List;

/**
 * PA_COMPILE_CONSTANTS (libtpms.md §4.3 item 3): the build constants of the writer, each checked
 * against the reader's own value with a rule. The values are those libtpms 0.9.2 (x86-64,
 * swtpm 0.7.1's build) writes, which this engine emulates; the rules are NVMarshal.c's: EQ =
 * must be equal, LE = the writer's value may be lower (an algorithm the writer lacked, a smaller
 * maximum). Versions 1 and 2 carried the first 88 entries, version 3 all 120.
 */
final class PaCompileConstants {
    static final int MAGIC = 0xC9EA6431;
    static final int VERSION = 3;
    private static final int MIN_VERSION = 1;
    private static final int ENTRIES_V1_V2 = 88;

    enum Rule { EQ, LE }

    record Constant(String name, int value, Rule rule) {
        boolean accepts(int written) {
            return rule == Rule.EQ ? written == value : Integer.toUnsignedLong(written) <= Integer.toUnsignedLong(value);
        }
    }

    private static final Rule EQ = Rule.EQ;
    private static final Rule LE = Rule.LE;

    static final List<Constant> TABLE = List.of(
            c("ALG_RSA", 1, EQ),
            c("ALG_SHA1", 1, EQ),
            c("ALG_HMAC", 1, EQ),
            c("ALG_TDES", 1, LE),
            c("ALG_AES", 1, EQ),
            c("ALG_MGF1", 1, EQ),
            c("ALG_XOR", 1, EQ),
            c("ALG_KEYEDHASH", 1, EQ),
            c("ALG_SHA256", 1, EQ),
            c("ALG_SHA384", 1, EQ),
            c("ALG_SHA512", 1, EQ),
            c("ALG_SM3_256", 0, EQ),
            c("ALG_SM4", 0, EQ),
            c("ALG_RSASSA", 1, EQ),
            c("ALG_RSAES", 1, EQ),
            c("ALG_RSAPSS", 1, EQ),
            c("ALG_OAEP", 1, EQ),
            c("ALG_ECC", 1, EQ),
            c("ALG_ECDH", 1, EQ),
            c("ALG_ECDSA", 1, EQ),
            c("ALG_ECDAA", 1, EQ),
            c("ALG_SM2", 1, LE),
            c("ALG_ECSCHNORR", 1, EQ),
            c("ALG_ECMQV", 1, LE),
            c("ALG_SYMCIPHER", 1, EQ),
            c("ALG_KDF1_SP800_56A", 1, EQ),
            c("ALG_KDF2", 1, LE),
            c("ALG_KDF1_SP800_108", 1, EQ),
            c("ALG_CMAC", 1, LE),
            c("ALG_CTR", 1, EQ),
            c("ALG_OFB", 1, EQ),
            c("ALG_CBC", 1, EQ),
            c("ALG_CFB", 1, EQ),
            c("ALG_ECB", 1, EQ),
            c("MAX_RSA_KEY_BITS", 3072, LE),
            c("MAX_TDES_KEY_BITS", 192, EQ),
            c("MAX_AES_KEY_BITS", 256, EQ),
            c("MAX_SM4_KEY_BITS (fixed)", 128, EQ),
            c("MAX_CAMELLIA_KEY_BITS (fixed)", 128, EQ),
            c("ECC_NIST_P192", 1, LE),
            c("ECC_NIST_P224", 1, LE),
            c("ECC_NIST_P256", 1, LE),
            c("ECC_NIST_P384", 1, LE),
            c("ECC_NIST_P521", 1, LE),
            c("ECC_BN_P256", 1, LE),
            c("ECC_BN_P638", 1, LE),
            c("ECC_SM2_P256", 1, LE),
            c("MAX_ECC_KEY_BITS", 638, LE),
            c("HASH_ALIGNMENT (fixed)", 4, EQ),
            c("SYM_ALIGNMENT", 4, EQ),
            c("IMPLEMENTATION_PCR", 24, EQ),
            c("PLATFORM_PCR", 24, EQ),
            c("DRTM_PCR", 17, EQ),
            c("HCRTM_PCR", 0, EQ),
            c("NUM_LOCALITIES", 5, EQ),
            c("MAX_HANDLE_NUM", 3, EQ),
            c("MAX_ACTIVE_SESSIONS", 64, EQ),
            c("MAX_LOADED_SESSIONS", 3, EQ),
            c("MAX_SESSION_NUM", 3, EQ),
            c("MAX_LOADED_OBJECTS", 3, EQ),
            c("MIN_EVICT_OBJECTS", 7, LE),
            c("NUM_POLICY_PCR_GROUP", 1, EQ),
            c("NUM_AUTHVALUE_PCR_GROUP", 1, EQ),
            c("MAX_CONTEXT_SIZE", 2680, LE),
            c("MAX_DIGEST_BUFFER", 1024, EQ),
            c("MAX_NV_INDEX_SIZE", 2048, EQ),
            c("MAX_NV_BUFFER_SIZE", 1024, EQ),
            c("MAX_CAP_BUFFER", 1024, EQ),
            c("NV_MEMORY_SIZE", 176832, LE),
            c("MIN_COUNTER_INDICES", 8, EQ),
            c("NUM_STATIC_PCR", 16, EQ),
            c("MAX_ALG_LIST_SIZE", 64, EQ),
            c("PRIMARY_SEED_SIZE", 64, EQ),
            c("CONTEXT_ENCRYPT_ALGORITHM_", 6, EQ),
            c("NV_CLOCK_UPDATE_INTERVAL", 12, EQ),
            c("NUM_POLICY_PCR", 1, EQ),
            c("ORDERLY_BITS", 8, EQ),
            c("MAX_SYM_DATA", 128, EQ),
            c("MAX_RNG_ENTROPY_SIZE", 64, EQ),
            c("RAM_INDEX_SPACE", 512, EQ),
            c("RSA_DEFAULT_PUBLIC_EXPONENT", 65537, EQ),
            c("ENABLE_PCR_NO_INCREMENT", 1, EQ),
            c("CRT_FORMAT_RSA", 1, EQ),
            c("VENDOR_COMMAND_COUNT", 0, EQ),
            c("MAX_VENDOR_BUFFER_SIZE", 1024, EQ),
            c("TPM_MAX_DERIVATION_BITS", 8192, EQ),
            c("PROOF_SIZE", 64, EQ),
            c("HASH_COUNT", 4, EQ),
            c("AES_128", 1, LE),
            c("AES_192", 0, LE),
            c("AES_256", 1, LE),
            c("SM4_128", 0, LE),
            c("ALG_CAMELLIA", 1, LE),
            c("CAMELLIA_128", 1, LE),
            c("CAMELLIA_192", 0, LE),
            c("CAMELLIA_256", 1, LE),
            c("ALG_SHA3_256", 0, LE),
            c("ALG_SHA3_384", 0, LE),
            c("ALG_SHA3_512", 0, LE),
            c("RSA_1024", 1, LE),
            c("RSA_2048", 1, LE),
            c("RSA_3072", 1, LE),
            c("RSA_4096", 0, LE),
            c("RSA_16384", 0, LE),
            c("RH_ACT_0", 0, LE),
            c("RH_ACT_1", 0, LE),
            c("RH_ACT_2", 0, LE),
            c("RH_ACT_3", 0, LE),
            c("RH_ACT_4", 0, LE),
            c("RH_ACT_5", 0, LE),
            c("RH_ACT_6", 0, LE),
            c("RH_ACT_7", 0, LE),
            c("RH_ACT_8", 0, LE),
            c("RH_ACT_9", 0, LE),
            c("RH_ACT_A", 0, LE),
            c("RH_ACT_B", 0, LE),
            c("RH_ACT_C", 0, LE),
            c("RH_ACT_D", 0, LE),
            c("RH_ACT_E", 0, LE),
            c("RH_ACT_F", 0, LE));

    private PaCompileConstants() {
    }

    private static Constant c(String name, int value, Rule rule) {
        return new Constant(name, value, rule);
    }

    /**
     * PACompileConstants_Unmarshal: versions 1-3; a count that differs from the version's is only
     * logged by libtpms (the version's count is read), a value outside its rule is
     * TPM_RC_BAD_PARAMETER, a newer version TPM_RC_BAD_VERSION.
     */
    static void read(NvMarshalReader r) throws LibtpmsFormatException {
        int version = r.header(MAGIC, VERSION, "PA_COMPILE_CONSTANTS");
        int expected;
        if (version == 1 || version == 2) {
            expected = ENTRIES_V1_V2;
        } else if (version == 3) {
            expected = TABLE.size();
        } else {
            throw new LibtpmsFormatException(LibtpmsRc.BAD_VERSION, "PA_COMPILE_CONSTANTS version " + version);
        }
        r.u32(); // the writer's count: libtpms reads its own count whatever this says
        for (int i = 0; i < expected; i++) {
            int written = r.u32();
            Constant constant = TABLE.get(i);
            if (!constant.accepts(written)) {
                throw new LibtpmsFormatException(LibtpmsRc.BAD_PARAMETER, String.format(
                        "compile constant %s is %d, not %s %d", constant.name(), written, constant.rule(), constant.value()));
            }
        }
        if (version >= 2) {
            r.block(false, "PA_COMPILE_CONSTANTS future versions");
        }
    }

    static void write(NvMarshalWriter w) {
        w.header(VERSION, MAGIC, MIN_VERSION).u32(TABLE.size());
        TABLE.forEach(constant -> w.u32(constant.value()));
        w.emptyFutureBlock();
    }
}
