package org.swtpmjava.tpm.tpm2.exec;

import java.util.Arrays;
import java.util.List;
import org.swtpmjava.tpm.EntropySource;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.platform.EmulatedLibtpms;
import org.swtpmjava.tpm.tpm2.platform.TpmFailure;
import org.swtpmjava.tpm.tpm2.session.AuthorizationArea;
import org.swtpmjava.tpm.tpm2.session.CommandSessions;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.state.TpmTime;
import org.swtpmjava.tpm.tpm2.types.TpmCc;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmSt;

/**
 * Executes one command the way the reference's ExecuteCommand (ExecCommand.c) does: header
 * checks in the reference order, handle area, authorization area, parameters, the command body,
 * then the response and, if the command changed persistent data, one NV commit. Never throws:
 * an unexpected fault puts the TPM into failure mode and the command gets the failure-mode
 * answer, as the reference's FAIL() longjmp does.
 */
public final class CommandExecutor {
    /** Minimum authorizationSize: one session of handle, two empty TPM2Bs and attributes. */
    private static final int MIN_AUTH_SIZE = 9;

    private final CommandTable table;
    private final TpmState state;
    private final TpmTime time;
    private final EntropySource entropy;
    private final EmulatedLibtpms version;
    private final NvCommitter nvCommitter;
    private final FailureModeResponder failureResponder;

    /** Writes the permanent state at the end of a command that requested it. */
    @FunctionalInterface
    public interface NvCommitter {
        /** Stores the permanent blob; a storage failure is a {@link TpmFailure}. */
        void commit();
    }

    public CommandExecutor(CommandTable table, TpmState state, TpmTime time, EntropySource entropy,
                           EmulatedLibtpms version, NvCommitter nvCommitter) {
        this.table = table;
        this.state = state;
        this.time = time;
        this.entropy = entropy;
        this.version = version;
        this.nvCommitter = nvCommitter;
        this.failureResponder = new FailureModeResponder(version);
    }

    /** Runs one command; {@code bufferSize} is MAX_COMMAND_SIZE for this call. */
    public byte[] execute(byte[] command, int locality, int bufferSize) {
        if (state.flags().failureMode()) {
            return failureResponder.respond(command, state.flags().failCode());
        }
        try {
            return dispatch(command, locality, bufferSize);
        } catch (TpmFailure failure) {
            return fail(command, failure.failCode());
        } catch (RuntimeException | StackOverflowError fault) {
            return fail(command, TpmFailure.FATAL_ERROR_INTERNAL);
        }
    }

    private byte[] fail(byte[] command, int failCode) {
        state.flags().enterFailureMode(failCode);
        return failureResponder.respond(command, failCode);
    }

    private byte[] dispatch(byte[] command, int locality, int bufferSize) {
        boolean newEpoch = time.updateToCurrent(state);
        // Any command ends an unfinished _TPM_Hash_Start/_Data sequence.
        state.setDrtmSequence(null);
        CommandContext context = new CommandContext(state, time, entropy, version, table, locality, bufferSize);
        if (newEpoch) {
            context.requestNvCommit();
        }
        byte[] response;
        try {
            response = run(new TpmReader(command), command.length, context);
        } catch (TpmRcException e) {
            response = ResponseCodes.error(e.responseCode());
        }
        context.flushObjectsOnExit();
        if (context.orderlyRamUpdateRequested() && !state.flags().failureMode()) {
            state.nv().writeIndexOrderlyRam(state.orderlyRam());
        }
        if (context.nvCommitRequested()) {
            nvCommitter.commit();
        }
        return response;
    }

    private byte[] run(TpmReader reader, int requestSize, CommandContext context) {
        int tag = readTag(reader);
        long commandSize = reader.readU32Unsigned();
        if (commandSize != requestSize || commandSize > context.bufferSize()) {
            throw new TpmRcException(TpmRc.COMMAND_SIZE);
        }
        int code = reader.readU32();
        CommandRow row = table.find(code);
        if (row == null) {
            throw new TpmRcException(TpmRc.COMMAND_CODE);
        }
        // Before TPM2_Startup only Startup is accepted, afterwards everything but Startup.
        if (state.flags().started() == (code == TpmCc.STARTUP)) {
            throw new TpmRcException(TpmRc.INITIALIZE);
        }
        int[] handles = readHandles(reader, row.handles(), code, context);
        CommandSessions sessions = null;
        TpmReader parameterArea;
        CommandAudit audit;
        if (tag == TpmSt.SESSIONS) {
            AuthorizationArea.Parsed parsed = readSessions(reader, row, code, handles, context);
            sessions = parsed.sessions();
            audit = CommandAudit.before(code, handles, sessions, null, state);
            parameterArea = new TpmReader(parsed.parameters());
        } else if (row.needsAuthorization()) {
            throw new TpmRcException(TpmRc.AUTH_MISSING);
        } else {
            audit = CommandAudit.before(code, handles, null, reader, state);
            parameterArea = reader;
        }
        ParameterReader parameters = new ParameterReader(parameterArea);
        CommandOutput output = invoke(row.command(), new CommandArguments(handles, parameters), context);
        if (sessions == null && !row.has(CommandAttribute.NO_SESSIONS)) {
            // UpdateAuditSessionStatus: a command that could have been audited but was not ends
            // the exclusivity of the audit session.
            state.sessions().setExclusiveAuditSession(TpmHandles.RH_UNASSIGNED);
        }
        return buildResponse(tag, sessions, audit, output, row.has(CommandAttribute.R_HANDLE), context);
    }

    /** TPMI_ST_COMMAND_TAG: not a TPM_ST value at all is TPM_RC_VALUE, another TPM_ST is TPM_RC_BAD_TAG. */
    private static int readTag(TpmReader reader) {
        int tag = reader.readU16();
        if (!TpmSt.isDefined(tag)) {
            throw new TpmRcException(TpmRc.VALUE);
        }
        if (tag != TpmSt.NO_SESSIONS && tag != TpmSt.SESSIONS) {
            throw new TpmRcException(TpmRc.BAD_TAG);
        }
        return tag;
    }

    /**
     * The handle area as ParseHandleBuffer and then EntityGetLoadStatus read it: first every
     * handle is unmarshalled and type-checked, then each is checked for its entity's load status
     * ({@link EntityLoadStatus}), both numbered 1..n; a persistent object handle is replaced by
     * the transient slot its copy is loaded into (ObjectLoadEvict) during the second pass.
     */
    private static int[] readHandles(TpmReader reader, List<HandleSpec> specs, int code, CommandContext context) {
        int[] handles = new int[specs.size()];
        for (int i = 0; i < handles.length; i++) {
            try {
                handles[i] = reader.readU32();
                specs.get(i).unmarshal().check(handles[i]);
            } catch (TpmRcException e) {
                throw new TpmRcException(ResponseCodes.handle(e.responseCode(), i + 1));
            }
        }
        for (int i = 0; i < handles.length; i++) {
            try {
                handles[i] = EntityLoadStatus.check(handles[i], code, context);
            } catch (TpmRcException e) {
                if (e.responseCode() == TpmRc.REFERENCE_H0) {
                    throw new TpmRcException(TpmRc.REFERENCE_H0 + i);
                }
                throw new TpmRcException(ResponseCodes.handle(e.responseCode(), i + 1));
            }
        }
        return handles;
    }

    /**
     * authorizationSize must cover at least one session and fit the rest (bare TPM_RC_SIZE); the
     * sessions authorize the handles and decrypt the first parameter.
     */
    private static AuthorizationArea.Parsed readSessions(TpmReader reader, CommandRow row, int code, int[] handles,
                                                         CommandContext context) {
        long authSize = reader.readU32Unsigned();
        if (authSize < MIN_AUTH_SIZE || authSize > reader.remaining()) {
            throw new TpmRcException(TpmRc.SIZE);
        }
        TpmReader area = reader.slice((int) authSize);
        if (row.has(CommandAttribute.NO_SESSIONS)) {
            throw new TpmRcException(TpmRc.AUTH_CONTEXT);
        }
        byte[] parameters = reader.readBytes(reader.remaining());
        CommandSessions.CommandShape shape = new CommandSessions.CommandShape(code, handles, row.authRoles(),
                parameters, row.has(CommandAttribute.DECRYPT_2) ? 2 : 0, row.has(CommandAttribute.ENCRYPT_2) ? 2 : 0);
        return AuthorizationArea.parse(area, shape, context);
    }

    private static <I> CommandOutput invoke(TpmCommand<I> command, CommandArguments arguments,
                                            CommandContext context) {
        I input = command.unmarshal(arguments);
        arguments.parameters().requireEnd();
        return command.execute(input, context);
    }

    /**
     * BuildResponseSession and BuildResponseHeader. A command with a response handle (R_HANDLE)
     * writes it first; it precedes parameterSize. Session nonces, response encryption and the
     * audit session come first, then command audit (over the parameters as sent), then the
     * response session area.
     */
    private static byte[] buildResponse(int tag, CommandSessions sessions, CommandAudit audit, CommandOutput output,
                                        boolean responseHandle, CommandContext context) {
        TpmWriter body = new TpmWriter(256);
        output.marshal(body);
        byte[] bytes = body.toByteArray();
        int handleSize = responseHandle ? 4 : 0;
        byte[] parameters = Arrays.copyOfRange(bytes, handleSize, bytes.length);
        if (sessions != null) {
            sessions.prepareResponse(parameters);
        }
        if (audit != null) {
            audit.after(parameters, context);
        }
        TpmWriter writer = new TpmWriter(256);
        writer.writeU16(tag).writeU32(0).writeU32(TpmRc.SUCCESS);
        writer.writeBytes(bytes, 0, handleSize);
        if (tag == TpmSt.SESSIONS) {
            TpmWriter area = new TpmWriter(128);
            sessions.writeResponseArea(parameters, area);
            writer.writeU32(parameters.length);
            writer.writeBytes(parameters);
            writer.writeBytes(area.toByteArray());
        } else {
            writer.writeBytes(parameters);
        }
        writer.patchU32(2, writer.position());
        return writer.toByteArray();
    }
}
