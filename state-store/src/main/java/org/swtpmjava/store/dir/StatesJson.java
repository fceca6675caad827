package org.swtpmjava.store.dir;

import java.util.OptionalLong;
import org.swtpmjava.store.StateKind;
import org.swtpmjava.store.StateStore;
import org.swtpmjava.store.StateStoreException;

/**
 * The output of {@code swtpm socket --print-states} (swtpm-protocol.md §1.4), printed without a
 * trailing newline, e.g.
 * {@code { "type": "swtpm", "states": [ {"name": "permall", "size": 1315} ] }} or, with no state,
 * {@code { "type": "swtpm", "states": [] }}. Sizes include swtpm's header.
 */
public final class StatesJson {
    private StatesJson() {
    }

    /** Lists permall, volatilestate, savestate in that order; an error other than "absent" propagates (exit 1). */
    public static String of(StateStore store) throws StateStoreException {
        StringBuilder states = new StringBuilder();
        for (StateKind kind : StateKind.values()) {
            OptionalLong size = store.storedSize(kind);
            if (size.isPresent()) {
                states.append(states.length() > 0 ? "," : "")
                        .append(" {\"name\": \"").append(kind.objectName())
                        .append("\", \"size\": ").append(size.getAsLong()).append('}');
            }
        }
        return "{ \"type\": \"swtpm\", \"states\": [" + states + (states.length() > 0 ? " " : "") + "] }";
    }
}
