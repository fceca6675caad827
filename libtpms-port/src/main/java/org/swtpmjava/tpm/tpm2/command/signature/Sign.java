package org.swtpmjava.tpm.tpm2.command.signature;

import java.security.MessageDigest;
import java.security.SecureRandom;
import org.swtpmjava.tpm.tpm2.command.hash.HashCheckTicket;
import org.swtpmjava.tpm.tpm2.command.hierarchy.HierarchyProof;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.crypto.Hmacs;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmaObject;
import org.swtpmjava.tpm.tpm2.types.TpmtSigScheme;
import org.swtpmjava.tpm.tpm2.types.TpmtSignature;

/**
 * TPM2_Sign (Part 3 §20.2): signs a digest with a loaded signing key (not symmetric, not
 * x509sign) and the scheme CryptSelectSignScheme settles on. A restricted key, or any key given a
 * validation ticket, needs the TPM_ST_HASHCHECK ticket proving the TPM hashed the data; otherwise
 * the digest must have the scheme hash's size. RSA-PSS salts and EC-Schnorr nonces come from a
 * SecureRandom, as libtpms' come from OpenSSL's generator; SM2 nonces come from the TPM's DRBG, as
 * in libtpms. ECDAA signs with the commit value of a TPM2_Commit count and its nonce from a
 * SecureRandom (libtpms: OpenSSL).
 */
public final class Sign implements TpmCommand<Sign.In> {
    /** TPM_ST_HASHCHECK. */
    private static final int ST_HASHCHECK = 0x8024;
    /** TPMA_OBJECT x509sign (Part 2 §8.3.3.1, bit 19): such keys sign only in TPM2_CertifyX509. */
    private static final int X509_SIGN = 1 << 19;

    private final SecureRandom random = new SecureRandom();

    /**
     * @param keyHandle           TPMI_DH_OBJECT
     * @param digest              TPM2B_DIGEST
     * @param inScheme            TPMT_SIG_SCHEME+
     * @param validationHierarchy TPMT_TK_HASHCHECK.hierarchy
     * @param validationDigest    TPMT_TK_HASHCHECK.digest
     */
    public record In(int keyHandle, byte[] digest, TpmtSigScheme inScheme, int validationHierarchy,
                     byte[] validationDigest) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] digest = arguments.parameters().next(reader -> reader.readSized(Hashes.MAX_DIGEST_SIZE));
        TpmtSigScheme scheme = arguments.parameters().next(reader -> TpmtSigScheme.unmarshal(reader, true));
        Object[] ticket = arguments.parameters().next(Sign::readHashCheck);
        return new In(arguments.handle(0), digest, scheme, (Integer) ticket[0], (byte[]) ticket[1]);
    }

    /** TPMT_TK_HASHCHECK: a tag other than TPM_ST_HASHCHECK is TPM_RC_TAG; TPMI_RH_HIERARCHY+; TPM2B_DIGEST. */
    private static Object[] readHashCheck(TpmReader reader) {
        if (reader.readU16() != ST_HASHCHECK) {
            throw new TpmRcException(TpmRc.TAG);
        }
        int hierarchy = HashCheckTicket.readHierarchy(reader);
        return new Object[] {hierarchy, reader.readSized(Hashes.MAX_DIGEST_SIZE)};
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        LoadedObject object = context.state().objects().object(in.keyHandle());
        if (object == null || !object.has(TpmaObject.SIGN) || object.publicArea().type() == TpmAlgId.SYMCIPHER) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.KEY, 1));
        }
        if (object.has(X509_SIGN)) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.ATTRIBUTES, 1));
        }
        SigningKey key = new SigningKey(object);
        TpmtSigScheme scheme = key.selectScheme(in.inScheme());
        if (scheme == null) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.SCHEME, 2));
        }
        if (in.validationDigest().length != 0 || object.has(TpmaObject.RESTRICTED)) {
            byte[] message = new TpmWriter(4 + in.digest().length).writeU16(ST_HASHCHECK).writeU16(scheme.hashAlg())
                    .writeBytes(in.digest()).toByteArray();
            byte[] expected = Hmacs.hmac(TpmAlgId.SHA512,
                    HierarchyProof.of(context.state(), in.validationHierarchy()), message);
            if (!MessageDigest.isEqual(expected, in.validationDigest())) {
                throw new TpmRcException(ResponseCodes.parameter(TpmRc.TICKET, 3));
            }
        } else if (in.digest().length != Hashes.digestSize(scheme.hashAlg())) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.SIZE, 1));
        }
        context.state().selfTests().test(scheme.scheme());
        TpmtSignature signature = key.sign(scheme, in.digest(), random, context.random(), context.state());
        return signature::marshal;
    }
}
