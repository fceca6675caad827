package org.swtpmjava.swtpm;

import java.io.Closeable;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every socket the daemon has open, closed together at exit. Besides tidiness this matters for
 * speed: the JVM's exit waits up to ~300 ms for threads blocked in native accept()/read().
 */
final class OpenSockets {

    private final Set<Closeable> open = ConcurrentHashMap.newKeySet();

    <T extends Closeable> T add(T socket) {
        open.add(socket);
        return socket;
    }

    void remove(Closeable socket) {
        open.remove(socket);
    }

    void closeAll() {
        for (Closeable c : open) {
            try {
                c.close();
            } catch (IOException e) {
                // closing at exit: nothing more to do
            }
        }
        open.clear();
    }
}
