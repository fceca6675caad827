package org.swtpmjava.tpm.tpm2.command.attestation;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.platform.TpmFailure;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmtSigScheme;
import org.swtpmjava.tpm.tpm2.types.TpmtSignature;

/**
 * TPM2_CertifyX509 (Part 3 §18.8) as libtpms 0.9.2 does it (AttestationCommands.c). The caller's
 * partialCertificate is a SEQUENCE of issuer, validity and subject (three SEQUENCEs, or four with
 * the signature AlgorithmIdentifier first) and the [3] extensions; the TPM adds the version, the
 * serial number, the signature algorithm if missing and the SubjectPublicKeyInfo, returns them as
 * addedToCertificate (SEQUENCE { [0] { INTEGER 2 }, serial, [algorithm], key }), and signs the
 * digest of the whole TBSCertificate (tbsDigest) with the scheme's hash.
 *
 * <p>libtpms numbers the handles the other way round: the signHandle's codes carry handle 1 and
 * the objectHandle's handle 2, although the objectHandle is the first handle. Checks in libtpms'
 * order: reserved not empty (TPM_RC_SIZE, parameter 1), the signer (TPM_RC_KEY) and scheme
 * (TPM_RC_SCHEME, parameter 2), a key libtpms cannot encode (TPM_RC_ASYMMETRIC), the outer
 * SEQUENCE (TPM_RC_SIZE, parameter 3) and its elements (TPM_RC_VALUE, parameter 3), no signature
 * algorithm for the signer (TPM_RC_SCHEME), the extensions (TPM_RC_ATTRIBUTES or TPM_RC_VALUE).
 *
 * <p>The serial number is the nameAlg digest of the signer (at most 20 octets) over the
 * signature algorithm, issuer, validity, subject, public key and extensions and the Names of the
 * signer and the object.
 */
public final class CertifyX509 implements TpmCommand<CertifyX509.In> {
    /** sizeof(TPM2B_MAX_BUFFER.buffer): the output buffer the DER is built in. */
    private static final int MAX_BUFFER = 1024;
    /** SIZE_OF_X509_SERIAL_NUMBER of libtpms 0.9.2. */
    private static final int SERIAL_NUMBER_SIZE = 20;
    /** X509_EXTENSIONS. */
    private static final int EXTENSIONS = 0xA3;

    private final SecureRandom random = new SecureRandom();

    /**
     * @param objectHandle       TPMI_DH_OBJECT, the key to certify
     * @param signHandle         TPMI_DH_OBJECT, the signer
     * @param reserved           TPM2B_DATA, must be empty
     * @param inScheme           TPMT_SIG_SCHEME+
     * @param partialCertificate TPM2B_MAX_BUFFER
     */
    public record In(int objectHandle, int signHandle, byte[] reserved, TpmtSigScheme inScheme,
                     byte[] partialCertificate) {
    }

    /** A part of the TBSCertificate: {@code length} octets of {@code buffer} at {@code start}. */
    private record Part(byte[] buffer, int start, int length) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] reserved = arguments.parameters().next(AttestParameters::readData);
        TpmtSigScheme scheme = arguments.parameters().next(reader -> TpmtSigScheme.unmarshal(reader, true));
        byte[] partial = arguments.parameters().next(reader -> reader.readSized(MAX_BUFFER));
        return new In(arguments.handle(0), arguments.handle(1), reserved, scheme, partial);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        if (in.reserved().length != 0) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.SIZE, 1));
        }
        AttestSigner signer = AttestSigner.select(context, in.signHandle(), in.inScheme(), 1, 2);
        LoadedObject object = context.state().objects().object(in.objectHandle());
        if (!X509Encodings.canEncodePublicKey(object)) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.ASYMMETRIC, 2));
        }
        byte[] partial = in.partialCertificate();
        Asn1.Reader ctx = new Asn1.Reader(partial, 0, partial.length);
        if (partial.length == 0) {
            throw valueError();
        }
        int length = ctx.nextTag();
        if (ctx.tag != Asn1.SEQUENCE || ctx.offset + length != partial.length) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.SIZE, 3));
        }
        // issuer, validity, subject (after the signature algorithm if the caller gave one) and the extensions
        List<Part> sequences = new ArrayList<>();
        Part extensions = null;
        while (ctx.offset < ctx.size) {
            int start = ctx.offset;
            length = ctx.nextTag();
            if (length < 0) {
                break;
            }
            if (ctx.tag == Asn1.SEQUENCE) {
                ctx.offset += length;
                sequences.add(new Part(partial, start, ctx.offset - start));
                if (sequences.size() > 4) {
                    break;
                }
            } else if (ctx.tag == EXTENSIONS) {
                if (extensions != null) {
                    throw valueError();
                }
                ctx.offset += length;
                extensions = new Part(partial, start, ctx.offset - start);
            } else {
                throw valueError();
            }
        }
        if (ctx.offset != ctx.size || sequences.size() < 3 || sequences.size() > 4 || extensions == null) {
            throw valueError();
        }
        LoadedObject signKey = signer.object();
        TpmtSigScheme scheme = signer.scheme();
        if (sequences.size() == 3 && X509Encodings.pushSigningAlgorithm(null, signKey, scheme) == 0) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.SCHEME, 1));
        }
        int checked = X509Encodings.processExtensions(object, partial, extensions.start(), extensions.length());
        if (checked == TpmRc.ATTRIBUTES) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.ATTRIBUTES, 2));
        }
        if (checked != TpmRc.SUCCESS) {
            throw valueError();
        }
        return certify(context, signer, object, sequences, extensions);
    }

    private CommandOutput certify(CommandContext context, AttestSigner signer, LoadedObject object,
                                  List<Part> sequences, Part extensions) {
        LoadedObject signKey = signer.object();
        TpmtSigScheme scheme = signer.scheme();
        Asn1.Writer out = new Asn1.Writer(MAX_BUFFER);
        out.start();
        int keyLength = X509Encodings.pushPublicKey(out, object);
        Part publicKey = new Part(out.buffer, out.offset, keyLength);
        Part signature;
        if (sequences.size() == 4) {
            signature = sequences.get(0);
        } else {
            int algorithmLength = X509Encodings.pushSigningAlgorithm(out, signKey, scheme);
            signature = new Part(out.buffer, out.offset, algorithmLength);
        }
        List<Part> rest = sequences.subList(sequences.size() - 3, sequences.size());
        // the serial number: H(nameAlg) over the parts after the serial number and both Names
        if (signKey.publicArea().nameAlg() == TpmAlgId.NULL) {
            // a signer loaded without a nameAlg (LoadExternal): libtpms' pAssert on the digest size
            throw new TpmFailure(TpmFailure.FATAL_ERROR_PARAMETER, "CertifyX509 signer without nameAlg");
        }
        context.state().selfTests().test(signKey.publicArea().nameAlg());
        List<Part> hashed = new ArrayList<>(List.of(signature, rest.get(0), rest.get(1), rest.get(2), publicKey,
                extensions));
        hashed.add(whole(signKey.name()));
        hashed.add(whole(object.name()));
        byte[] serial = digest(signKey.publicArea().nameAlg(), hashed);
        serial = Arrays.copyOf(serial, Math.min(serial.length, SERIAL_NUMBER_SIZE));
        int serialLength = out.pushInteger(serial);
        Part serialNumber = new Part(out.buffer, out.offset, serialLength);
        out.start();
        out.pushUint(2);
        int versionLength = out.endEncapsulation(Asn1.CONTEXT_0);
        Part version = new Part(out.buffer, out.offset, versionLength);
        List<Part> tbs = List.of(version, serialNumber, signature, rest.get(0), rest.get(1), rest.get(2), publicKey,
                extensions);
        int total = tbs.stream().mapToInt(Part::length).sum();
        // the TBSCertificate's own tag and length, pushed only to be hashed and then taken back
        int headerLength = out.pushTagAndLength(Asn1.SEQUENCE, total);
        Part header = new Part(out.buffer.clone(), out.offset, headerLength);
        out.offset += headerLength;
        if (out.offset < 0) {
            throw new TpmRcException(TpmRc.FAILURE);
        }
        List<Part> whole = new ArrayList<>();
        whole.add(header);
        whole.addAll(tbs);
        int hashAlg = scheme.hashAlg();
        context.state().selfTests().test(hashAlg);
        byte[] tbsDigest = digest(hashAlg, whole);
        int addedLength = out.endEncapsulation(Asn1.SEQUENCE);
        byte[] added = Arrays.copyOfRange(out.buffer, out.offset, out.offset + addedLength);
        context.state().selfTests().test(scheme.scheme());
        TpmtSignature signed = signer.key().sign(scheme, tbsDigest, random, context.random(), context.state());
        return writer -> {
            writer.writeSized(added).writeSized(tbsDigest);
            signed.marshal(writer);
        };
    }

    private static Part whole(byte[] bytes) {
        return new Part(bytes, 0, bytes.length);
    }

    private static byte[] digest(int hashAlg, List<Part> parts) {
        byte[][] chunks = new byte[parts.size()][];
        for (int i = 0; i < parts.size(); i++) {
            Part part = parts.get(i);
            chunks[i] = Arrays.copyOfRange(part.buffer(), part.start(), part.start() + part.length());
        }
        return Hashes.digest(hashAlg, chunks);
    }

    private static TpmRcException valueError() {
        return new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, 3));
    }
}
