package org.swtpmjava.tpm.tpm2.state.libtpms;

import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmtPublicParms;

/**
 * A persistent object in USER_NVRAM: an ANY_OBJECT section holding an OBJECT (libtpms.md §4.9).
 * Here the object is only checked as libtpms 0.9 reads it, to find where it ends (the section
 * has no length of its own); its bytes travel inside the carried USER_NVRAM section, and
 * {@link PersistentObjects} decodes it when a command uses it. Sequence objects (HASH_OBJECT) cannot be persistent and are refused.
 */
final class PersistentObjectSection {
    private static final int ANY_OBJECT_MAGIC = 0xFE9A3974;
    private static final int ANY_OBJECT_VERSION = 2;
    private static final int OBJECT_MAGIC = 0x75BE73AF;
    /** OBJECT_VERSION of 0.9 (HEAD's version 4 has min_version 4 and is refused). */
    private static final int OBJECT_VERSION = 3;
    private static final int PRIVATE_EXPONENT_MAGIC = 0x0854EAB2;
    private static final int PRIVATE_EXPONENT_VERSION = 2;
    private static final int BN_PRIME_MAGIC = 0x2FE736AB;
    private static final int BN_PRIME_VERSION = 2;
    /** Internal attribute bits: occupied (15) and the three sequence kinds (8-10). */
    private static final int OCCUPIED = 1 << 15;
    private static final int ANY_SEQUENCE = 0x7 << 8;
    /** TPMA_OBJECT_reserved of 0.9. */
    private static final int TPMA_OBJECT_RESERVED = 0xFFF0F309;
    private static final int MAX_DIGEST = 64;
    /** sizeof(TPMU_NAME): a hash algorithm and the largest digest. */
    private static final int MAX_NAME = 2 + MAX_DIGEST;
    /** MAX_RSA_KEY_BYTES (3072 bits). */
    private static final int MAX_RSA_KEY_BYTES = 384;
    /** RSA_PRIVATE_SIZE = RSA_MAX_PRIME * 5 with the CRT format. */
    private static final int RSA_PRIVATE_SIZE = MAX_RSA_KEY_BYTES / 2 * 5;
    /** MAX_ECC_KEY_BYTES (638-bit BN curve). */
    private static final int MAX_ECC_KEY_BYTES = 80;
    private static final int MAX_SYM_DATA = 128;
    private static final int MAX_SYM_KEY_BYTES = 32;
    /** bn_prime_t words: BITS_TO_CRYPT_WORDS(MAX_RSA_KEY_BITS / 2) + 1, 64-bit words. */
    private static final int BN_PRIME_WORDS = 1536 / 64 + 1;

    private PersistentObjectSection() {
    }

    /**
     * Reads past one ANY_OBJECT, checking it as ANY_OBJECT_Unmarshal does, and returns its
     * internal attribute word (bit 1 epsHierarchy, 2 ppsHierarchy, 3 spsHierarchy, ...).
     */
    static int skip(NvMarshalReader r) throws LibtpmsFormatException {
        int version = r.header(ANY_OBJECT_MAGIC, ANY_OBJECT_VERSION, "ANY_OBJECT");
        int attributes = r.u32();
        if ((attributes & OCCUPIED) != 0) {
            if ((attributes & ANY_SEQUENCE) != 0) {
                throw new LibtpmsFormatException(LibtpmsRc.BAD_PARAMETER, "a sequence object in persistent NV");
            }
            skipObject(r);
        }
        if (version >= 2) {
            r.block(false, "ANY_OBJECT future versions");
        }
        return attributes;
    }

    private static void skipObject(NvMarshalReader r) throws LibtpmsFormatException {
        int version = r.header(OBJECT_MAGIC, OBJECT_VERSION, "OBJECT");
        skipPublic(r);
        skipSensitive(r);
        if (r.block(true, "OBJECT privateExponent")) {
            int exponentVersion = r.header(PRIVATE_EXPONENT_MAGIC, PRIVATE_EXPONENT_VERSION, "privateExponent");
            for (int i = 0; i < 4; i++) { // Q, dP, dQ, qInv
                skipPrime(r);
            }
            if (exponentVersion >= 2) {
                r.block(false, "privateExponent future versions");
            }
        }
        r.tpm2b(MAX_NAME, "qualifiedName");
        r.u32(); // evictHandle
        r.tpm2b(MAX_NAME, "name");
        if (version >= 2 && r.block(version >= 3, "OBJECT version 3 or later")) {
            PersistentDataSection.readCompatLevel(r, "object seed");
            r.block(false, "OBJECT version 4 or later");
        }
    }

    /** TPMT_PUBLIC in TPM wire format, a NULL nameAlg allowed. */
    private static void skipPublic(NvMarshalReader r) throws LibtpmsFormatException {
        int type = r.u16();
        int nameAlg = r.u16();
        if (nameAlg != TpmAlgId.NULL && !Hashes.isImplemented(nameAlg)) {
            throw new LibtpmsFormatException(LibtpmsRc.HASH, String.format("object nameAlg 0x%04x", nameAlg));
        }
        int objectAttributes = r.u32();
        if ((objectAttributes & TPMA_OBJECT_RESERVED) != 0) {
            throw new LibtpmsFormatException(LibtpmsRc.RESERVED_BITS, String.format("TPMA_OBJECT 0x%08x", objectAttributes));
        }
        r.tpm2b(MAX_DIGEST, "authPolicy");
        r.wire(reader -> TpmtPublicParms.unmarshalParameters(reader, type), "object parameters");
        switch (type) {
            case TpmAlgId.RSA:
                r.tpm2b(MAX_RSA_KEY_BYTES, "RSA modulus");
                break;
            case TpmAlgId.ECC:
                r.tpm2b(MAX_ECC_KEY_BYTES, "ECC point x");
                r.tpm2b(MAX_ECC_KEY_BYTES, "ECC point y");
                break;
            default: // KEYEDHASH, SYMCIPHER (the parameters refused anything else)
                r.tpm2b(MAX_DIGEST, "unique");
        }
    }

    /** NV_TPMT_SENSITIVE: the type as a plain algorithm id, then only the four key types have a value. */
    private static void skipSensitive(NvMarshalReader r) throws LibtpmsFormatException {
        int type = r.u16();
        r.tpm2b(MAX_DIGEST, "authValue");
        r.tpm2b(MAX_DIGEST, "seedValue");
        switch (type) {
            case TpmAlgId.RSA:
                r.tpm2b(RSA_PRIVATE_SIZE, "RSA prime");
                break;
            case TpmAlgId.ECC:
                r.tpm2b(MAX_ECC_KEY_BYTES, "ECC private key");
                break;
            case TpmAlgId.KEYEDHASH:
                r.tpm2b(MAX_SYM_DATA, "sensitive data");
                break;
            case TpmAlgId.SYMCIPHER:
                r.tpm2b(MAX_SYM_KEY_BYTES, "symmetric key");
                break;
            default:
                break; // a public-only object
        }
    }

    /** BN_PRIME_T: u16 byte count, then that many bytes rounded up to 32-bit words. */
    private static void skipPrime(NvMarshalReader r) throws LibtpmsFormatException {
        int version = r.header(BN_PRIME_MAGIC, BN_PRIME_VERSION, "BN_PRIME_T");
        int bytes = r.u16();
        if ((bytes + 7) / 8 > BN_PRIME_WORDS) {
            throw new LibtpmsFormatException(LibtpmsRc.SIZE, "prime of " + bytes + " bytes");
        }
        r.skip(4L * ((bytes + 3) / 4));
        if (version >= 2) {
            r.block(false, "BN_PRIME_T future versions");
        }
    }
}
