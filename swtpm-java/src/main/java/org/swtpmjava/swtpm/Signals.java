package org.swtpmjava.swtpm;

import sun.misc.Signal;

/** SIGTERM and SIGINT stop the emulator gracefully with status 0, as swtpm's handlers do. */
final class Signals {

    private Signals() {
    }

    @SuppressWarnings("restriction")
    static void onTermination(Runnable gracefulExit) {
        for (String name : new String[] {"TERM", "INT"}) {
            // The handler runs on the JVM's signal thread; the stop itself goes to its own thread.
            Signal.handle(new Signal(name), s -> new Thread(gracefulExit, "sig" + name).start());
        }
    }
}
