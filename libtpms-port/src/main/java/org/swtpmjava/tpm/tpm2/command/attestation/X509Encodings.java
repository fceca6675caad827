package org.swtpmjava.tpm.tpm2.command.attestation;

import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmEccCurve;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmaObject;
import org.swtpmjava.tpm.tpm2.types.TpmsEccParms;
import org.swtpmjava.tpm.tpm2.types.TpmsRsaParms;
import org.swtpmjava.tpm.tpm2.types.TpmtPublic;
import org.swtpmjava.tpm.tpm2.types.TpmtSigScheme;

/**
 * What libtpms 0.9.2 puts into and checks in an X.509 certificate for TPM2_CertifyX509
 * (X509_spt.c, X509_RSA.c, X509_ECC.c, OIDs.h): the SubjectPublicKeyInfo of RSA and ECC keys,
 * the signature AlgorithmIdentifier of RSASSA, RSAPSS and ECDSA signers, and the checks of the
 * TPMA_OBJECT and keyUsage extensions. The OIDs are stored DER-encoded with their tag and length.
 */
final class X509Encodings {
    private static final byte[] OID_KEY_USAGE = bytes(0x06, 0x03, 0x55, 0x1D, 0x0F);
    /** 2.23.133.10.1.1.1, the TCG's TPMA_OBJECT extension. */
    private static final byte[] OID_TCG_TPMA_OBJECT = bytes(0x06, 0x07, 0x67, 0x81, 0x05, 0x0A, 0x01, 0x01, 0x01);
    private static final byte[] OID_MGF1 = bytes(0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x08);
    private static final byte[] OID_RSAPSS = bytes(0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0A);
    private static final byte[] OID_PKCS1_PUB = bytes(0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01,
            0x01);
    private static final byte[] OID_ECC_PUBLIC = bytes(0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01);

    /** TPMA_X509_KEY_USAGE, left-justified as the bit string reads: digitalSignature is bit 31. */
    private static final int KU_DIGITAL_SIGNATURE = 1 << 31;
    private static final int KU_NON_REPUDIATION = 1 << 30;
    private static final int KU_KEY_ENCIPHERMENT = 1 << 29;
    private static final int KU_DATA_ENCIPHERMENT = 1 << 28;
    private static final int KU_KEY_AGREEMENT = 1 << 27;
    private static final int KU_KEY_CERT_SIGN = 1 << 26;
    private static final int KU_CRL_SIGN = 1 << 25;
    private static final int KU_ENCIPHER_ONLY = 1 << 24;
    private static final int KU_DECIPHER_ONLY = 1 << 23;
    /** KEY_USAGE_SIGN: a key with these uses must have TPMA_OBJECT sign. */
    private static final int KEY_USAGE_SIGN = KU_CRL_SIGN | KU_KEY_CERT_SIGN | KU_DIGITAL_SIGNATURE;
    /** KEY_USAGE_DECRYPT: a key with these uses must have TPMA_OBJECT decrypt. */
    private static final int KEY_USAGE_DECRYPT = KU_DECIPHER_ONLY | KU_ENCIPHER_ONLY | KU_KEY_AGREEMENT
            | KU_DATA_ENCIPHERMENT | KU_KEY_ENCIPHERMENT;

    private X509Encodings() {
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    /** The hash's OID (hashDef->OID), null for a hash libtpms 0.9.2 does not implement. */
    private static byte[] hashOid(int hashAlg) {
        byte[] nist = {0x06, 0x09, 0x60, (byte) 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0};
        switch (hashAlg) {
            case TpmAlgId.SHA1:
                return bytes(0x06, 0x05, 0x2B, 0x0E, 0x03, 0x02, 0x1A);
            case TpmAlgId.SHA256:
                nist[10] = 1;
                return nist;
            case TpmAlgId.SHA384:
                nist[10] = 2;
                return nist;
            case TpmAlgId.SHA512:
                nist[10] = 3;
                return nist;
            default:
                return null;
        }
    }

    /** hashDef->PKCS1: sha*WithRSAEncryption (1.2.840.113549.1.1.5, .11, .12, .13). */
    private static byte[] pkcs1Oid(int hashAlg) {
        int last = switch (hashAlg) {
            case TpmAlgId.SHA1 -> 0x05;
            case TpmAlgId.SHA256 -> 0x0B;
            case TpmAlgId.SHA384 -> 0x0C;
            case TpmAlgId.SHA512 -> 0x0D;
            default -> -1;
        };
        return last < 0 ? null : bytes(0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, last);
    }

    /** hashDef->ECDSA: ecdsa-with-SHA1 (1.2.840.10045.4.1) and ecdsa-with-SHA256/384/512 (4.3.2-4). */
    private static byte[] ecdsaOid(int hashAlg) {
        return switch (hashAlg) {
            case TpmAlgId.SHA1 -> bytes(0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x01);
            case TpmAlgId.SHA256 -> bytes(0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02);
            case TpmAlgId.SHA384 -> bytes(0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x03);
            case TpmAlgId.SHA512 -> bytes(0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x04);
            default -> null;
        };
    }

    /** CryptEccGetOID: the named curve's OID; the BN curves have none. */
    private static byte[] curveOid(int curveId) {
        return switch (curveId) {
            case TpmEccCurve.NIST_P192 -> bytes(0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x01);
            case TpmEccCurve.NIST_P224 -> bytes(0x06, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x21);
            case TpmEccCurve.NIST_P256 -> bytes(0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07);
            case TpmEccCurve.NIST_P384 -> bytes(0x06, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x22);
            case TpmEccCurve.NIST_P521 -> bytes(0x06, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x23);
            case TpmEccCurve.SM2_P256 -> bytes(0x06, 0x08, 0x2A, 0x81, 0x1C, 0xCF, 0x55, 0x01, 0x82, 0x2D);
            default -> null;
        };
    }

    /** X509AddPublicKey(NULL, object): whether the key's public part can be encoded (RSA, ECC on a named curve). */
    static boolean canEncodePublicKey(LoadedObject object) {
        if (object == null) {
            return false;
        }
        TpmtPublic area = object.publicArea();
        return switch (area.type()) {
            case TpmAlgId.RSA -> true;
            case TpmAlgId.ECC -> curveOid(((TpmsEccParms) area.parameters()).curveId()) != null;
            default -> false;
        };
    }

    /**
     * X509AddPublicKey: SubjectPublicKeyInfo. RSA: SEQUENCE { SEQUENCE { rsaEncryption, NULL },
     * BIT STRING { SEQUENCE { INTEGER n, INTEGER e } } } with e = 65537 for an exponent of 0. ECC:
     * SEQUENCE { SEQUENCE { ecPublicKey, curve }, BIT STRING { 04 || x || y } }.
     */
    static int pushPublicKey(Asn1.Writer writer, LoadedObject object) {
        TpmtPublic area = object.publicArea();
        writer.start();
        if (area.type() == TpmAlgId.RSA) {
            int exponent = ((TpmsRsaParms) area.parameters()).exponent();
            writer.start();
            writer.start();
            writer.pushUint(exponent == 0 ? 65537 : exponent);
            writer.pushInteger(area.unique().first());
            writer.endEncapsulation(Asn1.SEQUENCE);
            writer.endEncapsulation(Asn1.BIT_STRING);
            writer.pushAlgorithmIdentifier(OID_PKCS1_PUB);
        } else {
            writer.start();
            writer.pushBytes(area.unique().second());
            writer.pushBytes(area.unique().first());
            writer.pushByte(0x04);
            writer.endEncapsulation(Asn1.BIT_STRING);
            writer.start();
            writer.pushOid(curveOid(((TpmsEccParms) area.parameters()).curveId()));
            writer.pushOid(OID_ECC_PUBLIC);
            writer.endEncapsulation(Asn1.SEQUENCE);
        }
        return writer.endEncapsulation(Asn1.SEQUENCE);
    }

    /**
     * X509AddSigningAlgorithm: the signature AlgorithmIdentifier for the signer and scheme, or 0
     * if libtpms has none (keyed-hash signers, ECDAA, EC-Schnorr, SM2, a hash without an OID).
     * With a null writer only whether there is one.
     */
    static int pushSigningAlgorithm(Asn1.Writer writer, LoadedObject signKey, TpmtSigScheme scheme) {
        int hashAlg = scheme.hashAlg();
        byte[] hashOid = hashOid(hashAlg);
        if (hashOid == null) {
            return 0;
        }
        int type = signKey.publicArea().type();
        if (type == TpmAlgId.RSA && scheme.scheme() == TpmAlgId.RSASSA) {
            return writer == null ? 1 : writer.pushAlgorithmIdentifier(pkcs1Oid(hashAlg));
        }
        if (type == TpmAlgId.RSA && scheme.scheme() == TpmAlgId.RSAPSS) {
            if (writer == null) {
                return 1;
            }
            // RFC 4055: SHA-1 with the default parameters omits them (libtpms still writes NULL)
            if (hashAlg == TpmAlgId.SHA1) {
                return writer.pushAlgorithmIdentifier(OID_RSAPSS);
            }
            return pushPssAlgorithm(writer, signKey, hashAlg, hashOid);
        }
        if (type == TpmAlgId.ECC && scheme.scheme() == TpmAlgId.ECDSA) {
            if (writer == null) {
                return 1;
            }
            writer.start();
            writer.pushOid(ecdsaOid(hashAlg));
            return writer.endEncapsulation(Asn1.SEQUENCE);
        }
        return 0;
    }

    /**
     * SEQUENCE { rsaPSS, SEQUENCE { [0] { SEQUENCE { hash, NULL } }, [1] { SEQUENCE { mgf1,
     * SEQUENCE { hash, NULL } } }, [2] { INTEGER saltLength } } } with CryptRsaPssSaltSize's salt:
     * the modulus size less the digest size and 2, at most the digest size.
     */
    private static int pushPssAlgorithm(Asn1.Writer writer, LoadedObject signKey, int hashAlg, byte[] hashOid) {
        int hashSize = Hashes.digestSize(hashAlg);
        int saltSize = Math.max(0, Math.min(hashSize, signKey.publicArea().unique().first().length - hashSize - 2));
        writer.start();
        writer.start();
        writer.start();
        writer.pushUint(saltSize);
        writer.endEncapsulation(Asn1.CONTEXT_0 + 2);
        writer.start();
        writer.start();
        writer.pushAlgorithmIdentifier(hashOid);
        writer.pushOid(OID_MGF1);
        writer.endEncapsulation(Asn1.SEQUENCE);
        writer.endEncapsulation(Asn1.CONTEXT_0 + 1);
        writer.start();
        writer.pushAlgorithmIdentifier(hashOid);
        writer.endEncapsulation(Asn1.CONTEXT_0);
        writer.endEncapsulation(Asn1.SEQUENCE);
        writer.pushOid(OID_RSAPSS);
        return writer.endEncapsulation(Asn1.SEQUENCE);
    }

    /**
     * X509ProcessExtensions over the [3] element: a TPMA_OBJECT extension, if present, must hold
     * exactly the object's attributes (TPM_RC_ATTRIBUTES); the keyUsage extension is required
     * and must fit them: signing uses need sign, decryption uses decrypt, nonRepudiation fixedTPM,
     * keyAgreement restricted (else TPM_RC_VALUE, also for anything malformed).
     *
     * @return TPM_RC_SUCCESS, TPM_RC_ATTRIBUTES or TPM_RC_VALUE (without a parameter or handle number)
     */
    static int processExtensions(LoadedObject object, byte[] buffer, int start, int length) {
        int attributes = object.publicArea().objectAttributes();
        Asn1.Reader ctx = new Asn1.Reader(buffer, start, length);
        if (length <= 0 || ctx.nextTag() < 0 || ctx.tag != 0xA3) {
            return TpmRc.VALUE;
        }
        if (ctx.nextTag() < 0 || ctx.tag != Asn1.SEQUENCE) {
            return TpmRc.VALUE;
        }
        Asn1.Reader extension = ctx.copy();
        Integer value = findExtension(ctx, extension, OID_TCG_TPMA_OBJECT) ? extensionBits(extension) : null;
        if (value != null) {
            if (value != attributes) {
                return TpmRc.ATTRIBUTES;
            }
        } else if (extension.size < 0) {
            return TpmRc.VALUE;
        }
        extension = ctx.copy();
        value = findExtension(ctx, extension, OID_KEY_USAGE) ? extensionBits(extension) : null;
        if (value == null) {
            return TpmRc.VALUE;
        }
        boolean badSign = (KEY_USAGE_SIGN & value) != 0 && (attributes & TpmaObject.SIGN) == 0;
        boolean badDecrypt = (KEY_USAGE_DECRYPT & value) != 0 && (attributes & TpmaObject.DECRYPT) == 0;
        boolean badFixedTpm = (value & KU_NON_REPUDIATION) != 0 && (attributes & TpmaObject.FIXED_TPM) == 0;
        boolean badRestricted = (value & KU_KEY_AGREEMENT) != 0 && (attributes & TpmaObject.RESTRICTED) == 0;
        return badSign || badDecrypt || badFixedTpm || badRestricted ? TpmRc.VALUE : TpmRc.SUCCESS;
    }

    /**
     * X509FindExtensionByOID: searches the SEQUENCEs from {@code search}'s offset (in {@code ctx}, a
     * copy) for one that begins with {@code oid}, and narrows {@code ctx} to it. A malformed entry
     * fails both contexts (size -1).
     */
    private static boolean findExtension(Asn1.Reader search, Asn1.Reader ctx, byte[] oid) {
        int length;
        for (; ctx.size > ctx.offset; ctx.offset += length) {
            length = ctx.nextTag();
            if (length < 0 || ctx.tag != Asn1.SEQUENCE) {
                search.size = -1;
                ctx.size = -1;
                return false;
            }
            if (length >= oid.length && startsWith(ctx, oid)) {
                ctx.narrow(length);
                return true;
            }
        }
        if (ctx.offset != ctx.size) {
            search.size = -1;
            ctx.size = -1;
        }
        return false;
    }

    private static boolean startsWith(Asn1.Reader ctx, byte[] oid) {
        for (int i = 0; i < oid.length; i++) {
            if (ctx.octet(ctx.offset + i) != (oid[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /** X509GetExtensionBits: the bit string inside the extension's OCTET STRING, or null. */
    private static Integer extensionBits(Asn1.Reader ctx) {
        int length;
        while ((length = ctx.nextTag()) > 0 && ctx.size > ctx.offset) {
            if (ctx.tag == Asn1.OCTET_STRING) {
                return ctx.bitStringValue();
            }
            ctx.offset += length;
        }
        ctx.size = -1;
        return null;
    }
}
