package org.swtpmjava.ioctl;

/**
 * Where the control channel is (swtpm-protocol.md §6). When several are given, the C tool's
 * priority is device, then TCP, then unix socket.
 */
sealed interface Transport {

    /** {@code --unix <path>}. */
    record Unix(String path) implements Transport {
    }

    /** {@code --tcp [host][:port]}; {@code port} already reduced to 16 bits as the C code does. */
    record Tcp(String host, int port) implements Transport {
    }

    /** {@code --tpm-device <dev>} or the positional device: a CUSE character device. */
    record Device(String path) implements Transport {
    }
}
