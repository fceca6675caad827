package org.swtpmjava.tpm.tpm2.command.capability;

import java.util.ArrayList;
import java.util.List;

/**
 * The reference's list-capability pattern: take candidates until {@code count} (capped at the
 * list's maximum) are taken; moreData is YES only if another candidate was left over.
 */
record Page<T>(List<T> items, boolean more) {

    static <T> Page<T> of(Iterable<T> candidates, long count, int max) {
        long limit = Math.min(count, max);
        List<T> items = new ArrayList<>();
        for (T candidate : candidates) {
            if (items.size() >= limit) {
                return new Page<>(items, true);
            }
            items.add(candidate);
        }
        return new Page<>(items, false);
    }
}
