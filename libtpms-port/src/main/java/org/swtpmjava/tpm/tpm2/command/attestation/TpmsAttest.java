package org.swtpmjava.tpm.tpm2.command.attestation;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.crypto.Kdfa;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.state.PersistentData;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmtSignature;

/**
 * TPMS_ATTEST (Part 2 §10.12.12) as the reference's FillInAttestInfo fills its common fields and
 * SignAttestInfo marshals and signs it (Attest_spt.c). The command adds the type and the
 * TPMU_ATTEST member.
 */
final class TpmsAttest {
    /** TPM_GENERATED_VALUE: the TPM made this structure (Part 2 §6.2). */
    private static final int GENERATED_VALUE = 0xFF544347;

    private final AttestSigner signer;
    private final byte[] qualifiedSigner;
    private final byte[] extraData;
    /** The caller's data if it was not moved into extraData (anonymous schemes), else empty. */
    private final byte[] remainingQualifyingData;
    private final long clock;
    private final int resetCount;
    private final int restartCount;
    private final boolean safe;
    private final long firmwareVersion;

    private TpmsAttest(AttestSigner signer, byte[] qualifiedSigner, byte[] extraData, byte[] remaining, long clock,
                       int resetCount, int restartCount, boolean safe, long firmwareVersion) {
        this.signer = signer;
        this.qualifiedSigner = qualifiedSigner;
        this.extraData = extraData;
        this.remainingQualifyingData = remaining;
        this.clock = clock;
        this.resetCount = resetCount;
        this.restartCount = restartCount;
        this.safe = safe;
        this.firmwareVersion = firmwareVersion;
    }

    /**
     * FillInAttestInfo: the signer's qualified Name (the handle TPM_RH_NULL as a Name for no signer,
     * empty for an anonymous scheme), TPMS_CLOCK_INFO and the firmware version. For a signer
     * outside the endorsement and platform hierarchies (and for none) resetCount, restartCount and
     * firmwareVersion are obfuscated (Part 3 §18.1): 128 bits of KDFa(SHA-512, shProof, "OBFUSCATE",
     * qualifiedSigner) read as two native u64 values (little-endian on the reference's x86-64): the
     * first is added to firmwareVersion, the high and low halves of the second to resetCount and
     * restartCount.
     */
    static TpmsAttest fill(CommandContext context, AttestSigner signer, byte[] qualifyingData) {
        TpmState state = context.state();
        byte[] qualifiedSigner;
        if (signer.object() == null) {
            qualifiedSigner = new TpmWriter(4).writeU32(TpmHandles.RH_NULL).toByteArray();
        } else {
            qualifiedSigner = signer.anonymous() ? new byte[0] : signer.object().qualifiedName();
        }
        PersistentData persistent = state.persistent();
        long firmware = ((long) persistent.firmwareV1() << 32) + (persistent.firmwareV2() & 0xFFFFFFFFL);
        int resetCount = persistent.resetCount();
        int restartCount = state.resetData().restartCount();
        int hierarchy = signer.object() == null ? TpmHandles.RH_NULL : signer.object().hierarchy();
        if (hierarchy != TpmHandles.RH_ENDORSEMENT && hierarchy != TpmHandles.RH_PLATFORM) {
            // CryptKDFa's HMAC starts a hash, which self-tests its algorithm first (TEST in CryptHashStart)
            state.selfTests().test(TpmAlgId.SHA512);
            byte[] mask = Kdfa.derive(TpmAlgId.SHA512, persistent.proofs().storage(), "OBFUSCATE", qualifiedSigner,
                    new byte[0], 128);
            ByteBuffer words = ByteBuffer.wrap(mask).order(ByteOrder.LITTLE_ENDIAN);
            firmware += words.getLong();
            long second = words.getLong();
            resetCount += (int) (second >>> 32);
            restartCount += (int) second;
        }
        byte[] extraData = signer.anonymous() ? new byte[0] : qualifyingData;
        byte[] remaining = signer.anonymous() ? qualifyingData : new byte[0];
        return new TpmsAttest(signer, qualifiedSigner, extraData, remaining, state.orderly().clock(), resetCount,
                restartCount, state.orderly().clockSafe(), firmware);
    }

    /** TPMS_ATTEST with the given TPMI_ST_ATTEST type and marshalled TPMU_ATTEST member. */
    byte[] marshal(int type, byte[] attested) {
        TpmWriter writer = new TpmWriter(128 + attested.length);
        writer.writeU32(GENERATED_VALUE).writeU16(type).writeSized(qualifiedSigner).writeSized(extraData)
                .writeU64(clock).writeU32(resetCount).writeU32(restartCount).writeBool(safe)
                .writeU64(firmwareVersion).writeBytes(attested);
        return writer.toByteArray();
    }

    /**
     * SignAttestInfo: the response TPM2B_ATTEST || TPMT_SIGNATURE. Without a signer the signature
     * is TPM_ALG_NULL; else the scheme's hash of the structure (rehashed after the qualifying data
     * if it was not moved into extraData) is signed, and since the attestation reveals the clock
     * the orderly state is cleared (NvClearOrderly).
     */
    CommandOutput sign(CommandContext context, SecureRandom random, int type, byte[] attested) {
        byte[] attest = marshal(type, attested);
        if (signer.key() == null) {
            return writer -> writer.writeSized(attest).writeU16(TpmAlgId.NULL);
        }
        int hashAlg = signer.scheme().hashAlg();
        context.state().selfTests().test(hashAlg);
        byte[] digest = Hashes.digest(hashAlg, attest);
        if (remainingQualifyingData.length != 0) {
            digest = Hashes.digest(hashAlg, remainingQualifyingData, digest);
        }
        context.state().selfTests().test(signer.scheme().scheme());
        TpmtSignature signature = signer.key().sign(signer.scheme(), digest, random, context.random(),
                context.state());
        context.clearOrderly();
        return writer -> {
            writer.writeSized(attest);
            signature.marshal(writer);
        };
    }
}
