package org.swtpmjava.swtpm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Users and groups named in {@code uid=}/{@code gid=}: a number, or a name from /etc/passwd or /etc/group. */
final class Accounts {

    private Accounts() {
    }

    static Integer uid(String value, String what) throws OptionException {
        return lookup(value, Path.of("/etc/passwd"), "User", what);
    }

    static Integer gid(String value, String what) throws OptionException {
        return lookup(value, Path.of("/etc/group"), "Group", what);
    }

    private static Integer lookup(String value, Path table, String kind, String what) throws OptionException {
        if (value == null) {
            return null;
        }
        if (value.chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(value);
        }
        try {
            List<String> lines = Files.readAllLines(table);
            for (String line : lines) {
                String[] f = line.split(":");
                if (f.length > 2 && f[0].equals(value)) {
                    return Integer.parseInt(f[2]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // reported below as "does not exist", as getpwnam failing is
        }
        throw new OptionException("Error parsing " + what + " options: " + kind + " '" + value
                + "' does not exist.\n");
    }
}
