package org.swtpmjava.swtpm.transport;

import java.io.FileDescriptor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * Every socket the daemon opens. Unix sockets come from junixsocket, the one library
 * that receives data and SCM_RIGHTS in the same recvmsg on x86_64, aarch64 and ppc64le
 * (reference/scm-rights.md); TCP sockets from the JDK. Both are {@link Socket}s, so the
 * connection code above does not care which.
 */
public final class Sockets {

    /** Ancillary buffer for received fds: without it the kernel silently drops them. */
    private static final int ANCILLARY_BUFFER = 1024;

    private Sockets() {
    }

    /**
     * Binds a unix listening socket as swtpm does: unlink, bind and listen (backlog 1), chmod,
     * optional chown. Like swtpm's, the path appears at bind(), a moment before listen().
     */
    public static Listener bindUnix(String path, int mode, Integer uid, Integer gid) throws IOException {
        Path p = Path.of(path);
        Files.deleteIfExists(p);
        AFUNIXServerSocket server = AFUNIXServerSocket.newInstance();
        try {
            server.bind(AFUNIXSocketAddress.of(p.toFile()), 1);
            Files.setPosixFilePermissions(p, permissions(mode));
            if (uid != null) {
                Files.setAttribute(p, "unix:uid", uid);
            }
            if (gid != null) {
                Files.setAttribute(p, "unix:gid", gid);
            }
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return Listener.of(server);
    }

    /** Binds a TCP listening socket with SO_REUSEADDR and backlog 1. */
    public static Listener bindTcp(String address, int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(address), port), 1);
        return Listener.of(server);
    }

    /** An inherited listening unix socket ({@code fd=} of unixio channels). */
    public static Listener listeningUnixFd(int fd) throws IOException {
        AFUNIXServerSocket server = cast(fd, AFUNIXServerSocket.class);
        return Listener.of(server);
    }

    /**
     * An inherited listening TCP socket ({@code --ctrl type=tcp,fd=}). junixsocket wraps the fd
     * as a generic socket; accepted connections are plain TCP streams and cannot carry fds.
     */
    public static Listener listeningTcpFd(int fd) throws IOException {
        return Listener.of(cast(fd, ServerSocket.class));
    }

    /**
     * An inherited connected socket ({@code clientfd=}, {@code --fd}, tcp {@code fd=}): usually one
     * end of a unix socketpair (swtpm_setup), but a TCP connection works too, as in swtpm.
     */
    public static Socket connectedFd(int fd) throws IOException {
        try {
            return cast(fd, AFUNIXSocket.class);
        } catch (IOException notUnix) {
            return cast(fd, Socket.class);
        }
    }

    /** True if {@code fd} is open in this process and is a socket. */
    public static boolean isOpenSocket(int fd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString().startsWith("socket:");
        } catch (IOException e) {
            return false;
        }
    }

    /** junixsocket's cast of an inherited fd; a descriptor of another kind is an IOException. */
    private static <T> T cast(int fd, Class<T> type) throws IOException {
        try {
            return FileDescriptorCast.unsafeUsing(fd).as(type);
        } catch (ClassCastException e) {
            throw new IOException("fd " + fd + " is not a " + type.getSimpleName(), e);
        }
    }

    /** A socket received with SCM_RIGHTS (CMD_SET_DATAFD); the socket owns the fd. */
    public static Socket receivedFd(FileDescriptor fd) throws IOException {
        return FileDescriptorCast.using(fd).as(AFUNIXSocket.class);
    }

    /** Readies an accepted socket to receive fds; must precede its first read. */
    public static void acceptFds(Socket socket) throws IOException {
        if (socket instanceof AFUNIXSocket unix) {
            unix.setAncillaryReceiveBufferSize(ANCILLARY_BUFFER);
        }
    }

    /** The fds that came with the last read, or an empty array (always so for TCP). */
    public static FileDescriptor[] receivedFds(Socket socket) throws IOException {
        if (socket instanceof AFUNIXSocket unix) {
            FileDescriptor[] fds = unix.getReceivedFileDescriptors();
            return fds == null ? new FileDescriptor[0] : fds;
        }
        return new FileDescriptor[0];
    }

    /** Closes an fd received but not wanted (a second fd, an fd with another command). */
    public static void closeQuietly(FileDescriptor fd) {
        try {
            FileDescriptorCast.using(fd).as(java.io.FileInputStream.class).close();
        } catch (IOException e) {
            // nothing more can be done with it
        }
    }

    /** True if the socket can carry fds (CMD_SET_DATAFD works only on unixio control channels). */
    public static boolean isUnix(Socket socket) {
        return socket instanceof AFUNIXSocket;
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
        };
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        return set;
    }
}
