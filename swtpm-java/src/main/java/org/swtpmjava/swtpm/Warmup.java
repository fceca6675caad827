package org.swtpmjava.swtpm;

import io.netty.buffer.Unpooled;

import org.newsclub.net.unix.AFUNIXSocket;

/**
 * Loads, on a background thread once the sockets exist, what the first control command needs:
 * junixsocket's native library (unpacked from the jar, the largest start-up cost) and Netty's
 * buffers. The first client, usually QEMU a moment after the socket appears, then finds them ready.
 */
final class Warmup {

    private Warmup() {
    }

    static void inBackground() {
        Thread t = new Thread(() -> {
            AFUNIXSocket.isSupported();
            Unpooled.wrappedBuffer(new byte[4]).getInt(0);
        }, "warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }
}
