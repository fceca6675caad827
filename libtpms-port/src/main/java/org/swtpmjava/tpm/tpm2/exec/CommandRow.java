package org.swtpmjava.tpm.tpm2.exec;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One row of the command table: everything the executor needs to know about a command besides
 * its body (the reference's s_commandAttributes and s_ccAttr entries).
 *
 * @param code        TPM_CC
 * @param name        the Part 3 name, for logs
 * @param handles     one entry per handle of the handle area: its type check and authorization role
 * @param attributes  session, encryption and NV attributes
 * @param command     the command's unmarshaller and body
 */
public record CommandRow(int code, String name, List<HandleSpec> handles, Set<CommandAttribute> attributes,
                         TpmCommand<?> command) {
    /** MAX_HANDLE_NUM. */
    public static final int MAX_HANDLES = 3;

    public CommandRow {
        handles = List.copyOf(handles);
        attributes = attributes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(attributes));
        if (handles.size() > MAX_HANDLES) {
            throw new IllegalArgumentException(name + ": too many handles");
        }
    }

    /** A row for a command without handles. */
    public static CommandRow withoutHandles(int code, String name, TpmCommand<?> command, CommandAttribute... attributes) {
        return new CommandRow(code, name, List.of(), Set.of(attributes), command);
    }

    /** A row for a command with one handle. */
    public static CommandRow withHandle(int code, String name, HandleSpec handle, TpmCommand<?> command,
                                        CommandAttribute... attributes) {
        return new CommandRow(code, name, List.of(handle), Set.of(attributes), command);
    }

    public int handleCount() {
        return handles.size();
    }

    /** One entry per handle: the role its authorization needs. */
    public List<AuthRole> authRoles() {
        return handles.stream().map(HandleSpec::role).toList();
    }

    public boolean has(CommandAttribute attribute) {
        return attributes.contains(attribute);
    }

    /** True if any handle needs an authorization session. */
    public boolean needsAuthorization() {
        return handles.stream().anyMatch(handle -> handle.role() != AuthRole.NONE);
    }

    /**
     * TPMA_CC (Part 2, Table 33) as TPM2_GetCapability(TPM_CAP_COMMANDS) reports it:
     * commandIndex, nv, extensive, flushed, cHandles, rHandle; V (vendor) is never set.
     */
    public int tpmaCc() {
        int value = code & 0xFFFF;
        value |= has(CommandAttribute.NV) ? 1 << 22 : 0;
        value |= has(CommandAttribute.EXTENSIVE) ? 1 << 23 : 0;
        value |= has(CommandAttribute.FLUSHED) ? 1 << 24 : 0;
        value |= handleCount() << 25;
        value |= has(CommandAttribute.R_HANDLE) ? 1 << 28 : 0;
        return value;
    }
}
