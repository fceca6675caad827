package org.swtpmjava.tpm.tpm2.command.context;

import java.util.Arrays;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.platform.TpmFailure;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.state.TransientObjects;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM2_ContextLoad (Part 3 §28.3) of an object context, in the reference's order: the integrity
 * (a TPM2B_DIGEST, its unmarshalling codes bare; of 64 bytes, else TPM_RC_SIZE; room for the
 * fingerprint, else TPM_RC_SIZE; a mismatch TPM_RC_INTEGRITY, these on parameter 1), decryption, the fingerprint (a mismatch is
 * failure mode), the hierarchy enabled (TPM_RC_HIERARCHY), a free slot (TPM_RC_OBJECT_MEMORY).
 * The payload is libtpms' ANY_OBJECT ({@link ObjectContextPayload}): one longer than libtpms'
 * OBJECT struct is failure mode, one it cannot read TPM_RC_OBJECT_MEMORY.
 * The integrity covers totalResetCount (and clearCount for stClear objects), so a context does
 * not survive a TPM Reset (nor a TPM Restart for stClear objects). Session contexts go on in
 * {@link SessionContexts} once the fingerprint is checked.
 */
public final class ContextLoad implements TpmCommand<ContextLoad.In> {
    /** sizeof(TPMS_CONTEXT_DATA) of libtpms 0.9: a TPM2B_DIGEST and MAX_CONTEXT_SIZE (2680) with its size. */
    private static final int MAX_CONTEXT_SIZE = 2748;
    private static final int FINGERPRINT_SIZE = 8;

    /** TPMS_CONTEXT (Part 2 §14.5). */
    public record In(long sequence, int savedHandle, int hierarchy, byte[] contextBlob) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        return arguments.parameters().next(ContextLoad::readContext);
    }

    /** TPMS_CONTEXT: sequence, TPMI_DH_SAVED, TPMI_RH_HIERARCHY+ (TPM_RC_VALUE), TPM2B_CONTEXT_DATA. */
    private static In readContext(TpmReader reader) {
        long sequence = reader.readU64();
        int savedHandle = reader.readU32();
        int type = TpmHandles.type(savedHandle);
        int index = savedHandle & 0xFFFFFF;
        boolean session = (type == TpmHandles.HT_HMAC_SESSION || type == TpmHandles.HT_POLICY_SESSION)
                && index < TpmHandles.MAX_ACTIVE_SESSIONS;
        boolean object = savedHandle == 0x80000000 || savedHandle == 0x80000001
                || savedHandle == ContextProtection.STCLEAR_OBJECT;
        if (!session && !object) {
            throw new TpmRcException(TpmRc.VALUE);
        }
        int hierarchy = reader.readU32();
        if (hierarchy != TpmHandles.RH_OWNER && hierarchy != TpmHandles.RH_ENDORSEMENT
                && hierarchy != TpmHandles.RH_PLATFORM && hierarchy != TpmHandles.RH_NULL) {
            throw new TpmRcException(TpmRc.VALUE);
        }
        return new In(sequence, savedHandle, hierarchy, reader.readSized(MAX_CONTEXT_SIZE));
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        TpmState state = context.state();
        TpmReader blob = new TpmReader(in.contextBlob());
        // the integrity's own unmarshalling codes come back without a parameter number
        byte[] integrity = blob.readSized(ContextProtection.INTEGRITY_SIZE);
        if (integrity.length != ContextProtection.INTEGRITY_SIZE || blob.remaining() < FINGERPRINT_SIZE) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.SIZE, 1));
        }
        byte[] encrypted = blob.readBytes(blob.remaining());
        byte[] expected = ContextProtection.integrity(state, in.sequence(), in.savedHandle(), in.hierarchy(),
                encrypted);
        if (!Arrays.equals(integrity, expected)) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.INTEGRITY, 1));
        }
        byte[] plain = ContextProtection.decrypt(state, in.sequence(), in.savedHandle(), in.hierarchy(), encrypted);
        if (!Arrays.equals(Arrays.copyOf(plain, FINGERPRINT_SIZE), ContextProtection.fingerprint(in.sequence()))) {
            throw new TpmFailure(TpmFailure.FATAL_ERROR_INTERNAL, "context fingerprint mismatch");
        }
        if (TpmHandles.type(in.savedHandle()) != TpmHandles.HT_TRANSIENT) {
            return SessionContexts.load(in.sequence(), in.savedHandle(),
                    Arrays.copyOfRange(plain, FINGERPRINT_SIZE, plain.length), context);
        }
        if (plain.length - FINGERPRINT_SIZE > ObjectContextPayload.MAX_PAYLOAD) {
            throw new TpmFailure(TpmFailure.FATAL_ERROR_INTERNAL, "object context larger than an OBJECT");
        }
        if (!state.hierarchyEnabled(in.hierarchy())) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.HIERARCHY, 1));
        }
        if (!state.objects().hasFreeSlot()) {
            throw new TpmRcException(TpmRc.OBJECT_MEMORY);
        }
        // ObjectContextLoadLibtpms: a payload it cannot unmarshal frees the slot again and is
        // TPM_RC_OBJECT_MEMORY (the engine answers the same for objects it cannot hold yet)
        ObjectContextPayload.Loaded loaded = ObjectContextPayload.decode(
                Arrays.copyOfRange(plain, FINGERPRINT_SIZE, plain.length));
        if (loaded == null) {
            throw new TpmRcException(TpmRc.OBJECT_MEMORY);
        }
        int handle = loaded.object() != null ? state.objects().load(loaded.object()) : firstFreeSlot(state);
        return writer -> writer.writeU32(handle);
    }

    /** The handle ObjectAllocateSlot would take. */
    private static int firstFreeSlot(TpmState state) {
        int handle = TransientObjects.TRANSIENT_FIRST;
        while (state.objects().isPresent(handle)) {
            handle++;
        }
        return handle;
    }
}
