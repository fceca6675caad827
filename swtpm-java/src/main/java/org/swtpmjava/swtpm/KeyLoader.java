package org.swtpmjava.swtpm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;

import org.swtpmjava.store.crypto.Kdf;
import org.swtpmjava.store.crypto.KeyFormat;
import org.swtpmjava.store.crypto.KeyMaterialException;
import org.swtpmjava.store.crypto.KeyMode;
import org.swtpmjava.store.crypto.StateKey;
import org.swtpmjava.swtpm.cli.OptionException;
import org.swtpmjava.swtpm.cli.SocketConfig;

/** Reads {@code --key} / {@code --migration-key} material from its file or fd (swtpm-protocol.md §5.2.4). */
final class KeyLoader {

    private KeyLoader() {
    }

    /** The key, or null if the option is absent. Messages are swtpm's. */
    static StateKey load(SocketConfig.Key option) throws OptionException {
        if (option == null) {
            return null;
        }
        try {
            KeyMode mode = KeyMode.parse(option.mode());
            if (option.isPassphrase()) {
                byte[] passphrase = option.pwdFile() != null
                        ? readFile(option.pwdFile(), Integer.MAX_VALUE, " : ")
                        : readFd(option.pwdFd(), Integer.MAX_VALUE);
                removeIfAsked(option, option.pwdFile());
                return StateKey.fromPassphrase(passphrase, mode, Kdf.parse(option.kdf()));
            }
            byte[] content = option.file() != null
                    ? readFile(option.file(), StateKey.MAX_KEY_FILE_READ, ": ")
                    : readFd(option.fd(), StateKey.MAX_KEY_FILE_READ);
            removeIfAsked(option, option.file());
            return StateKey.fromKeyFile(content, KeyFormat.parse(option.format()), mode);
        } catch (KeyMaterialException e) {
            throw new OptionException(e.getMessage());
        }
    }

    private static void removeIfAsked(SocketConfig.Key option, String file) {
        if (option.remove() && file != null) {
            try {
                Files.deleteIfExists(Path.of(file));
            } catch (IOException e) {
                // swtpm ignores a failed unlink of the key file too
            }
        }
    }

    private static byte[] readFile(String file, int max, String separator) throws OptionException {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            return in.readNBytes(max);
        } catch (NoSuchFileException e) {
            throw new OptionException("Unable to open file " + file + separator + "No such file or directory");
        } catch (AccessDeniedException e) {
            throw new OptionException("Unable to open file " + file + separator + "Permission denied");
        } catch (IOException e) {
            throw new OptionException("Unable to read file " + file + separator + e.getMessage());
        }
    }

    /** An inherited fd, read through /proc and closed by reading to its end. */
    private static byte[] readFd(int fd, int max) throws OptionException {
        try (InputStream in = Files.newInputStream(Path.of("/proc/self/fd/" + fd))) {
            return in.readNBytes(max);
        } catch (IOException e) {
            throw new OptionException("Unable to read key from fd " + fd + ": Bad file descriptor");
        }
    }
}
