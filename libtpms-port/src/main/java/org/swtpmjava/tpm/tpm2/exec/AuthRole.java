package org.swtpmjava.tpm.tpm2.exec;

/** The authorization role a command needs for one of its handles (Part 1 §19.7). */
public enum AuthRole {
    NONE,
    USER,
    ADMIN,
    DUP
}
