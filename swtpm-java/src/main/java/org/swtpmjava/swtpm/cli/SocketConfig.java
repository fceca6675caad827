package org.swtpmjava.swtpm.cli;

/**
 * Everything {@code swtpm socket}'s command line configures, validated.
 * Absent options are null; each record mirrors one option family (swtpm-protocol.md §1.2).
 */
public record SocketConfig(
        boolean tpm2,
        TpmState tpmState,
        Channel ctrl,
        Channel server,
        Log log,
        Key key,
        Key migrationKey,
        Pid pid,
        Locality locality,
        Flags flags,
        Migration migration,
        boolean terminate,
        boolean daemon,
        String runas,
        boolean printCapabilities,
        boolean printStates) {

    /**
     * {@code --tpmstate} (or {@code TPM_PATH}): which backend, where, {@code mode=}, {@code lock}.
     * {@code location} is the directory for {@link Backend#DIR} and the whole URI otherwise.
     */
    public record TpmState(Backend backend, String location, int mode, boolean modeExplicit, boolean lock) {

        /** The state directory of the dir backend. */
        public String dir() {
            if (backend != Backend.DIR) {
                throw new IllegalStateException("not a dir:// backend: " + location);
            }
            return location;
        }
    }

    /** {@code dir://} (swtpm-protocol.md §5.1), {@code file://} (§5.4), or a scheme swtpm rejects when it opens the store. */
    public enum Backend { DIR, FILE, UNSUPPORTED }

    public enum Transport { UNIXIO, TCP }

    /**
     * {@code --ctrl}, {@code --server}, {@code -p} and {@code --fd}: a listening socket (path or
     * port, or an inherited listening fd) or an already connected fd ({@code clientFd}).
     */
    public record Channel(Transport type, String path, Integer port, String bindAddress, Integer listenFd,
                          Integer clientFd, int mode, Integer uid, Integer gid, boolean disconnect,
                          boolean terminate) {
    }

    /** {@code --log}: file (null with fd) or fd, level, prefix, truncate; file "-" disables logging. */
    public record Log(String file, Integer fd, int level, String prefix, boolean truncate) {
    }

    /** {@code --key} / {@code --migration-key}. */
    public record Key(String file, Integer fd, String pwdFile, Integer pwdFd, String format, String mode,
                      String kdf, boolean remove) {
        public boolean isPassphrase() {
            return pwdFile != null || pwdFd != null;
        }
    }

    /** {@code --pid}. */
    public record Pid(String file, Integer fd) {
    }

    /** {@code --locality}. */
    public record Locality(boolean rejectLocality4, boolean allowSetLocality) {
        public static final Locality DEFAULT = new Locality(false, false);
    }

    public enum Startup { NONE, CLEAR, STATE, DEACTIVATED }

    /** {@code --flags}. */
    public record Flags(boolean notNeedInit, Startup startup, boolean disableAutoShutdown) {
        public static final Flags DEFAULT = new Flags(false, Startup.NONE, false);

        /** The TPM starts with the process, not at CMD_INIT. */
        public boolean startsAtLaunch() {
            return notNeedInit || startup != Startup.NONE;
        }
    }

    /** {@code --migration}. */
    public record Migration(boolean incoming, boolean releaseLockOutgoing) {
        public static final Migration DEFAULT = new Migration(false, false);
    }
}
