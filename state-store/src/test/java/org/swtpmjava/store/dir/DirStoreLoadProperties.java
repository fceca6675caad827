package org.swtpmjava.store.dir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.swtpmjava.store.StateKind;
import org.swtpmjava.store.StateStoreException;
import org.swtpmjava.store.crypto.StateKey;

/** Whatever a state file contains, loading it never throws anything but a StateStoreException. */
class DirStoreLoadProperties {

    @Property(tries = 500)
    void randomFileContentLoadsOrFailsWithAResultCode(@ForAll @Size(max = 200) byte[] content,
            @ForAll boolean rightTotalLength) throws Exception {
        if (rightTotalLength && content.length >= 10) {
            content[6] = 0;
            content[7] = 0;
            content[8] = 0;
            content[9] = (byte) content.length; // passes the first header check
        }
        Path dir = Files.createTempDirectory("dirstore-props");
        Path file = new DirStateStore(dir, true).pathOf(StateKind.PERMANENT);
        try {
            Files.write(file, content);
            for (StateKey key : new StateKey[] {null, StateKey.of(new byte[16]), StateKey.of(new byte[32])}) {
                DirStateStore store = new DirStateStore(dir, DirStoreOptions.forTpm2().withFileKey(key));
                try {
                    store.load(StateKind.PERMANENT);
                } catch (StateStoreException expected) {
                    assertThat(expected.result()).isPositive();
                }
            }
        } finally {
            Files.deleteIfExists(file);
            Files.delete(dir);
        }
    }
}
