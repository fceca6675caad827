package org.swtpmjava.tpm.tpm2.command.attestation;

import java.security.SecureRandom;
import java.util.Arrays;
import org.swtpmjava.tpm.tpm2.command.nv.NvAccess;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.state.libtpms.NvIndices;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmsNvPublic;

/**
 * TPM2_NV_Certify (Part 3 §31.16, libtpms 0.9.2 NVCommands.c). In libtpms' order: the signer
 * (TPM_RC_KEY on handle 1, TPM_RC_SCHEME on parameter 2), NvReadAccessChecks (TPM_RC_NV_LOCKED,
 * TPM_RC_NV_AUTHORIZATION, TPM_RC_NV_UNINITIALIZED), offset + size beyond the index
 * (TPM_RC_NV_RANGE, computed without wrap-around), and only then a size above
 * MAX_NV_BUFFER_SIZE (TPM_RC_VALUE, parameter 3).
 * A non-zero size or offset certifies those bytes in TPMS_NV_CERTIFY_INFO (TPM_ST_ATTEST_NV);
 * size and offset both zero certify the digest of the whole index with the scheme's hash in
 * TPMS_NV_DIGEST_CERTIFY_INFO (TPM_ST_ATTEST_NV_DIGEST), a digest that is empty when the scheme
 * has no hash (TPM_RH_NULL: CryptHashStart of TPM_ALG_NULL yields nothing). Orderly indices are
 * certified from their live RAM entry ({@link NvAccess#index}).
 */
public final class NvCertify implements TpmCommand<NvCertify.In> {
    /** TPM_ST_ATTEST_NV. */
    private static final int ST_ATTEST_NV = 0x8014;
    /** TPM_ST_ATTEST_NV_DIGEST. */
    private static final int ST_ATTEST_NV_DIGEST = 0x801C;
    /** MAX_NV_BUFFER_SIZE of libtpms 0.9.2. */
    private static final int MAX_NV_BUFFER_SIZE = 1024;

    private final SecureRandom random = new SecureRandom();

    /**
     * @param signHandle TPMI_DH_OBJECT+
     * @param authHandle TPMI_RH_NV_AUTH
     * @param nvIndex    TPMI_RH_NV_INDEX
     * @param size       UINT16, the number of octets to certify
     * @param offset     UINT16, where they start
     */
    public record In(int signHandle, int authHandle, int nvIndex, AttestParameters.DataAndScheme parameters,
                     int size, int offset) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        AttestParameters.DataAndScheme parameters = AttestParameters.DataAndScheme.read(arguments);
        int size = arguments.parameters().next(reader -> reader.readU16());
        int offset = arguments.parameters().next(reader -> reader.readU16());
        return new In(arguments.handle(0), arguments.handle(1), arguments.handle(2), parameters, size, offset);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        AttestSigner signer = AttestSigner.select(context, in.signHandle(), in.parameters().inScheme(), 1, 2);
        NvIndices.Index index = NvAccess.index(context, in.nvIndex());
        NvAccess.checkRead(in.authHandle(), index);
        TpmsNvPublic p = index.publicArea();
        if (in.size() + in.offset() > p.dataSize()) {
            throw new TpmRcException(TpmRc.NV_RANGE);
        }
        if (in.size() > MAX_NV_BUFFER_SIZE) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, 3));
        }
        TpmsAttest attest = TpmsAttest.fill(context, signer, in.parameters().qualifyingData());
        TpmWriter info = new TpmWriter(in.size() + 80).writeSized(p.name());
        if (in.size() != 0 || in.offset() != 0) {
            info.writeU16(in.offset())
                    .writeSized(Arrays.copyOfRange(index.data(), in.offset(), in.offset() + in.size()));
            return attest.sign(context, random, ST_ATTEST_NV, info.toByteArray());
        }
        info.writeSized(wholeIndexDigest(context, signer.scheme().hashAlg(), index));
        return attest.sign(context, random, ST_ATTEST_NV_DIGEST, info.toByteArray());
    }

    /** CryptHashStart + NvHashIndexData over [0, dataSize): nothing for TPM_ALG_NULL. */
    private static byte[] wholeIndexDigest(CommandContext context, int hashAlg, NvIndices.Index index) {
        if (hashAlg == TpmAlgId.NULL) {
            return new byte[0];
        }
        context.state().selfTests().test(hashAlg);
        return Hashes.digest(hashAlg, Arrays.copyOf(index.data(), index.publicArea().dataSize()));
    }
}
