package org.swtpmjava.tpm.tpm2.state.libtpms;

import java.math.BigInteger;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmtPublic;
import org.swtpmjava.tpm.tpm2.types.TpmuPublicId;

/**
 * OBJECT (libtpms.md §4.9) as libtpms 0.9 writes it (version 3, min_version 3) and reads it
 * (versions 1 to 3; HEAD's version 4 has min_version 4 and is TPM_RC_BAD_VERSION, as in 0.9.2):
 * TPMT_PUBLIC in wire format (a NULL nameAlg allowed); the sensitive area in NV_TPMT_SENSITIVE's
 * local form (the type as a plain algorithm id, authValue, seedValue, then the private value only
 * for the four key types); a block with PRIVATE_EXPONENT_T (required); qualifiedName; evictHandle;
 * name; a block (required from version 3) with the seed compatibility level and a future block.
 * A version 1/2 object without that block has compatibility level 0 (SEED_COMPAT_LEVEL_ORIGINAL).
 */
final class ObjectSection {
    private static final int MAGIC = 0x75BE73AF;
    /** OBJECT_VERSION of libtpms 0.9. */
    static final int VERSION = 3;
    /** sizeof(TPMU_HA). */
    private static final int MAX_DIGEST = 64;
    /** sizeof(TPMU_NAME): a hash algorithm and the largest digest. */
    private static final int MAX_NAME = 2 + MAX_DIGEST;
    /** RSA_PRIVATE_SIZE = RSA_MAX_PRIME * 5 (the CRT format's TPM2B_PRIVATE_KEY_RSA). */
    private static final int RSA_PRIVATE_SIZE = TpmuPublicId.MAX_RSA_KEY_BYTES / 2 * 5;
    private static final int MAX_SYM_DATA = 128;
    private static final int MAX_SYM_KEY_BYTES = 32;

    /** An OBJECT as read: the engine's object and the parts the engine does not keep. */
    record Read(LoadedObject object, int sensitiveType, int evictHandle) {
        /**
         * Whether the engine's object stands for the C object: it has the private part of its
         * type, or none at all for a public-only object (sensitive type 0).
         */
        boolean representable() {
            return sensitiveType == (object.publicOnly() ? 0 : object.publicArea().type());
        }
    }

    private ObjectSection() {
    }

    /** Writes a transient {@code object}; {@code exponent} is its PRIVATE_EXPONENT_T (null: zeros). */
    static void write(NvMarshalWriter w, LoadedObject object, BigInteger[] exponent) {
        write(w, object, exponent, 0);
    }

    /**
     * Writes {@code object}; {@code exponent} is its PRIVATE_EXPONENT_T (null: zeros),
     * {@code evictHandle} its persistent handle (0 for a transient object).
     */
    static void write(NvMarshalWriter w, LoadedObject object, BigInteger[] exponent, int evictHandle) {
        w.header(VERSION, MAGIC, VERSION);
        TpmWriter publicArea = new TpmWriter(512);
        object.publicArea().marshal(publicArea);
        w.bytes(publicArea.toByteArray());
        // the local sensitive form of a public-only object is empty, type 0 included
        w.u16(object.publicOnly() ? 0 : object.publicArea().type()).tpm2b(object.authValue())
                .tpm2b(object.seedValue());
        if (!object.publicOnly()) {
            w.tpm2b(object.sensitive());
        }
        w.openBlock(true);
        PrivateExponentSection.write(w, exponent);
        w.closeBlock();
        w.tpm2b(object.qualifiedName()).u32(evictHandle).tpm2b(object.name());
        w.openBlock(true).u8(object.seedCompatLevel());
        w.emptyFutureBlock();
        w.closeBlock();
    }

    /**
     * OBJECT_Unmarshal. {@code attributes} is the ANY_OBJECT's internal word (hierarchy, primary);
     * the engine's object gets the sensitive type's private value (empty for a public-only one).
     */
    static Read read(NvMarshalReader r, int attributes) throws LibtpmsFormatException {
        int version = r.header(MAGIC, VERSION, "OBJECT");
        TpmtPublic publicArea = r.wire(reader -> TpmtPublic.unmarshal(reader, true), "OBJECT publicArea");
        int sensitiveType = r.u16();
        byte[] authValue = r.tpm2b(MAX_DIGEST, "OBJECT authValue");
        byte[] seedValue = r.tpm2b(MAX_DIGEST, "OBJECT seedValue");
        byte[] sensitive = readPrivateValue(r, sensitiveType);
        if (r.block(true, "OBJECT privateExponent")) {
            PrivateExponentSection.read(r);
        }
        byte[] qualifiedName = r.tpm2b(MAX_NAME, "OBJECT qualifiedName");
        int evictHandle = r.u32();
        byte[] name = r.tpm2b(MAX_NAME, "OBJECT name");
        int seedCompatLevel = 0;
        if (version >= 2 && r.block(version >= 3, "OBJECT version 3 or later")) {
            seedCompatLevel = PersistentDataSection.readCompatLevel(r, "OBJECT seedCompatLevel");
            r.block(false, "OBJECT version 4 or later");
        }
        LoadedObject object = new LoadedObject(publicArea, authValue, seedValue,
                sensitive == null ? new byte[0] : sensitive,
                name, qualifiedName, ObjectAttributeBits.hierarchy(attributes), seedCompatLevel,
                ObjectAttributeBits.has(attributes, ObjectAttributeBits.PRIMARY),
                ObjectAttributeBits.has(attributes, ObjectAttributeBits.PUBLIC_ONLY),
                ObjectAttributeBits.has(attributes, ObjectAttributeBits.EXTERNAL),
                ObjectAttributeBits.has(attributes, ObjectAttributeBits.ST_CLEAR));
        return new Read(object, sensitiveType, evictHandle);
    }

    /** TPMU_SENSITIVE_COMPOSITE for the four key types; null for any other type (public-only objects). */
    private static byte[] readPrivateValue(NvMarshalReader r, int type) throws LibtpmsFormatException {
        switch (type) {
            case TpmAlgId.RSA:
                return r.tpm2b(RSA_PRIVATE_SIZE, "OBJECT RSA prime");
            case TpmAlgId.ECC:
                return r.tpm2b(TpmuPublicId.MAX_ECC_KEY_BYTES, "OBJECT ECC private key");
            case TpmAlgId.KEYEDHASH:
                return r.tpm2b(MAX_SYM_DATA, "OBJECT sensitive data");
            case TpmAlgId.SYMCIPHER:
                return r.tpm2b(MAX_SYM_KEY_BYTES, "OBJECT symmetric key");
            default:
                return null;
        }
    }
}
