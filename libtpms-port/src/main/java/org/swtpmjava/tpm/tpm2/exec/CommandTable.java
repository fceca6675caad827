package org.swtpmjava.tpm.tpm2.exec;

import java.util.Collection;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/** The implemented commands by TPM_CC: the single source for dispatch and capability lists. */
public final class CommandTable {
    private final NavigableMap<Integer, CommandRow> rows;

    private CommandTable(NavigableMap<Integer, CommandRow> rows) {
        this.rows = Collections.unmodifiableNavigableMap(rows);
    }

    public static CommandTable of(Collection<CommandRow> rows) {
        NavigableMap<Integer, CommandRow> byCode = new TreeMap<>(Integer::compareUnsigned);
        for (CommandRow row : rows) {
            if (byCode.put(row.code(), row) != null) {
                throw new IllegalArgumentException(String.format("duplicate command 0x%x", row.code()));
            }
        }
        return new CommandTable(byCode);
    }

    /** The row for a command code, or null if the command is not implemented. */
    public CommandRow find(int code) {
        return rows.get(code);
    }

    /** All rows in ascending command-code order. */
    public Collection<CommandRow> rows() {
        return rows.values();
    }

    public int size() {
        return rows.size();
    }
}
