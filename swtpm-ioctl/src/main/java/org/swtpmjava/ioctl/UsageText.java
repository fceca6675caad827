package org.swtpmjava.ioctl;

import java.io.PrintStream;

/**
 * The --version line and the --help screen. The options and their order are swtpm_ioctl's
 * (swtpm-protocol.md §6); the wording is this project's own. The version line keeps the C
 * tool's leading "TPM emulator control tool version X.Y.Z" so that scripts extracting the
 * version number still find it; the number is the swtpm release whose behaviour is cloned.
 */
final class UsageText {

    static final String CLONED_VERSION = "0.7.1";

    private UsageText() {
    }

    static void printVersion(PrintStream out) {
        out.println("TPM emulator control tool version " + CLONED_VERSION + " (swtpm-java)");
    }

    static void printUsage(PrintStream out, String program) {
        printVersion(out);
        out.print(String.join("\n",
                "",
                "Usage: " + program + " command <device path>",
                "",
                "Exactly one of these commands:",
                "--tpm-device <device> : talk to this CUSE device (default /dev/tpm0);",
                "                        not supported by swtpm-java",
                "--tcp [<host>]:[<prt>]: control channel over TCP; host defaults to",
                "                        " + IoctlOptions.DEFAULT_TCP_HOST + ", port to "
                        + IoctlOptions.DEFAULT_TCP_PORT,
                "--unix <path>         : control channel over a UnixIO socket at path",
                "-c                    : print the capability bits of the control channel",
                "-i                    : initialise the TPM (like a power-on); a stored",
                "                        volatile state is resumed, then removed",
                "--stop                : stop the TPM; the emulator keeps running",
                "-s                    : shut the TPM down; the emulator exits",
                "-e                    : print the tpmEstablished flag",
                "-r <loc>              : clear the tpmEstablished flag from locality loc",
                "-v                    : write the TPM's volatile state to storage",
                "-C                    : cancel the TPM command being executed",
                "-l <loc>              : select the locality (0 to 4) for TPM commands",
                "-h <data>             : run a hash sequence over data; '-' hashes what",
                "                        arrives on standard input",
                "--save <type> <file>  : write the state blob of this type to file; type",
                "                        is permanent, volatile or savestate",
                "--load <type> <file>  : send the state blob of this type from file to",
                "                        the (stopped) TPM; types as for --save",
                "-g                    : print the configuration flags (which keys are set)",
                "-b <buffersize>       : set the TPM's buffer size (0 only queries it) and",
                "                        print it with the smallest and largest allowed",
                "--info <flags>        : print implementation details as JSON; flags is",
                "                        an integer selecting what to include",
                "--lock-storage <n>    : take the storage lock again after a migration",
                "                        released it (n: retries 10 ms apart)",
                "--version             : print the version and exit",
                "--help                : print this text and exit",
                "",
                ""));
    }
}
