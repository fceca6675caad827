package org.swtpmjava.tpm.differential;

import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.DifferentialCommands.allBanks;
import static org.swtpmjava.tpm.differential.DifferentialCommands.digest;
import static org.swtpmjava.tpm.differential.DifferentialCommands.getCapability;
import static org.swtpmjava.tpm.differential.DifferentialCommands.password;
import static org.swtpmjava.tpm.differential.DifferentialCommands.sessions;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What firmware sends at boot, to the C swtpm 0.7.1 / libtpms 0.9.2 and to the engine, compared
 * byte for byte (masks: {@link Masks}): SLOF's tpm-spapr sequence (locality 0), the commands
 * SeaBIOS/OVMF and Linux add, and the error paths of the PCR and hierarchy commands.
 */
class SwtpmBootDifferentialTest {
    static final int NO_SESSIONS = DifferentialCommands.NO_SESSIONS;
    static final int SESSIONS = DifferentialCommands.SESSIONS;
    static final String PW = password(0, "");
    static final String READ_ALL_BANKS_0_TO_7 =
            "00000004 0004 03 ff0000 000b 03 ff0000 000c 03 ff0000 000d 03 ff0000";

    static void compare(Consumer<Transcript> scenario) {
        SecureRandom random = new SecureRandom();
        DifferentialRunner.compare(scenario, () -> random::nextBytes, null);
    }

    static byte[] pcrExtend(int pcr, String session, String digests) {
        return command(SESSIONS, 0x182, String.format("%08x", pcr) + sessions(session) + digests);
    }

    static byte[] changeAuth(int hierarchy, String session, String newAuthHex) {
        String auth = newAuthHex.replace(" ", "");
        return command(SESSIONS, 0x129, String.format("%08x", hierarchy) + sessions(session)
                + String.format("%04x", auth.length() / 2) + auth);
    }

    @Test
    void slofBootSequence() {
        byte[] newAuth = new byte[32];
        new SecureRandom().nextBytes(newAuth);
        String auth = HexFormat.of().formatHex(newAuth);
        compare(t -> {
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("SelfTest(full)", command(NO_SESSIONS, 0x143, "01"));
            t.send("GetCapability(TPM_CAP_PCRS)", getCapability(5, 0, 1));
            t.send("PCR_Extend 0, all banks", pcrExtend(0, password(0, ""), allBanks(0x5A)));
            t.send("PCR_Extend 4, SHA-256, continueSession", pcrExtend(4, password(1, ""), "00000001" + digest(0xB, 32, 0xA5)));
            t.send("StirRandom", command(NO_SESSIONS, 0x146, "0010" + "c3".repeat(16)));
            t.send("GetRandom", command(NO_SESSIONS, 0x17B, "0020"), Masks.randomBytes());
            t.send("HierarchyChangeAuth(platform)", changeAuth(0x4000000C, PW, auth));
            t.send("PCR_Read banks 0-7", command(NO_SESSIONS, 0x17E, READ_ALL_BANKS_0_TO_7));
            t.send("platform, empty password now wrong", changeAuth(0x4000000C, PW, ""));
            t.send("platform, new password", changeAuth(0x4000000C, password(0, auth), "0102"));
            t.send("platform, with trailing zeros", changeAuth(0x4000000C, password(1, "01020000"), ""));
            t.send("platform auth is empty again", changeAuth(0x4000000C, PW, ""));
        });
    }

    @Test
    void kernelAndBiosQueries() {
        compare(t -> {
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("SelfTest(NO)", command(NO_SESSIONS, 0x143, "00"));
            t.send("GetTestResult", command(NO_SESSIONS, 0x17C));
            t.send("TPM_CAP_ALGS", getCapability(0, 0, 64));
            t.send("TPM_CAP_PCRS", getCapability(5, 0, 1));
            t.send("TPM_CAP_ECC_CURVES", getCapability(8, 0, 64));
            t.send("TPM_CAP_PP_COMMANDS", getCapability(3, 0, 64));
            t.send("TPM_CAP_AUDIT_COMMANDS", getCapability(4, 0, 64));
            t.send("TPM_PT_MANUFACTURER..", getCapability(6, 0x105, 4));
            t.send("TPM_PT_PERMANENT", getCapability(6, 0x200, 2));
            t.send("PCR_Read 0-7", command(NO_SESSIONS, 0x17E, READ_ALL_BANKS_0_TO_7));
            t.send("Shutdown(CLEAR)", command(NO_SESSIONS, 0x145, "0000"));
        });
    }

    @Test
    void implementedCommandsInTheCommandList() {
        compare(t -> {
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            for (var row : org.swtpmjava.tpm.tpm2.command.Tpm2Commands.table().rows()) {
                t.send(String.format("TPMA_CC of 0x%x", row.code()), getCapability(2, row.code(), 1));
            }
            t.send("count 0", getCapability(2, 0x143, 0));
            t.send("vendor start", getCapability(2, 0x20000000, 2));
            t.send("high bits", getCapability(2, 0x0001017A, 2));
            t.send("past the last command", getCapability(2, 0x1A0, 2));
        });
    }

    @Test
    void selfTests() {
        compare(t -> {
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("IncrementalSelfTest []", command(NO_SESSIONS, 0x142, "00000000"));
            for (String alg : new String[] {"0004", "0025", "0006", "0018", "0014", "0044", "0004"}) {
                t.send("IncrementalSelfTest " + alg, command(NO_SESSIONS, 0x142, "00000001 " + alg));
            }
            for (String alg : new String[] {"0000", "0002", "0010", "0045", "0099"}) {
                t.send("IncrementalSelfTest unimplemented " + alg, command(NO_SESSIONS, 0x142, "00000001 " + alg));
            }
            t.send("unimplemented alg and a trailing byte", command(NO_SESSIONS, 0x142, "00000001 0099 00"));
            t.send("count 64", command(NO_SESSIONS, 0x142, "00000040" + "000b".repeat(64)));
            t.send("count 65", command(NO_SESSIONS, 0x142, "00000041"));
            t.send("list cut short", command(NO_SESSIONS, 0x142, "00000002 000b"));
            t.send("with a password session", command(SESSIONS, 0x142, sessions(PW) + "00000000"));
            t.send("PCR_Event tests every hash", command(SESSIONS, 0x13C, "40000007" + sessions(PW) + "0000"));
            t.send("IncrementalSelfTest []", command(NO_SESSIONS, 0x142, "00000000"));
            t.send("SelfTest(2)", command(NO_SESSIONS, 0x143, "02"));
            t.send("SelfTest()", command(NO_SESSIONS, 0x143, ""));
            t.send("SelfTest with a trailing byte", command(NO_SESSIONS, 0x143, "0100"));
            t.send("SelfTest(NO)", command(NO_SESSIONS, 0x143, "00"));
            t.send("IncrementalSelfTest []", command(NO_SESSIONS, 0x142, "00000000"));
            t.record("INIT", t.tpm().init());
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("PCR_Extend SHA-1 tests SHA-1", pcrExtend(0, PW, "00000001" + digest(4, 20, 1)));
            t.send("PCR_Extend of TPM_RH_NULL tests nothing", pcrExtend(0x40000007, PW, "00000001" + digest(0xB, 32, 1)));
            t.send("IncrementalSelfTest []", command(NO_SESSIONS, 0x142, "00000000"));
            for (String alg : new String[] {"0001", "0003", "0005", "0006", "0008", "000b", "000c", "000d", "0014",
                "0015", "0016", "0017", "0018", "0019", "001c", "0022", "0023", "0026", "003f", "0040", "0043", "0044"}) {
                t.record("INIT", t.tpm().init());
                t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
                t.send("fresh IncrementalSelfTest " + alg, command(NO_SESSIONS, 0x142, "00000001 " + alg));
                t.send("and again", command(NO_SESSIONS, 0x142, "00000002 " + alg + " 0019"));
            }
        });
    }

    @Test
    void hash() {
        compare(t -> {
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("SHA-256, TPM_RH_NULL", command(NO_SESSIONS, 0x17D, "0003 616263 000b 40000007"));
            for (String hierarchy : new String[] {"40000001", "4000000b", "4000000c"}) {
                t.send("SHA-1, ticket for " + hierarchy, command(NO_SESSIONS, 0x17D, "0003 616263 0004 " + hierarchy),
                        Masks.hashTicket());
            }
            t.send("SHA-512, TPM_GENERATED data", command(NO_SESSIONS, 0x17D, "0005 ff54434701 000d 40000001"));
            t.send("3 bytes of TPM_GENERATED", command(NO_SESSIONS, 0x17D, "0003 ff5443 000c 40000001"),
                    Masks.hashTicket());
            t.send("empty data", command(NO_SESSIONS, 0x17D, "0000 000c 40000007"));
            t.send("1024 bytes", command(NO_SESSIONS, 0x17D, "0400" + "61".repeat(1024) + "000b 40000007"));
            t.send("1025 bytes", command(NO_SESSIONS, 0x17D, "0401" + "61".repeat(1025) + "000b 40000007"));
            t.send("TPM_ALG_NULL", command(NO_SESSIONS, 0x17D, "0003 616263 0010 40000007"));
            t.send("SM3", command(NO_SESSIONS, 0x17D, "0003 616263 0012 40000007"));
            t.send("lockout hierarchy", command(NO_SESSIONS, 0x17D, "0003 616263 000b 4000000a"));
            t.send("PCR as hierarchy", command(NO_SESSIONS, 0x17D, "0003 616263 000b 00000000"));
            t.send("no hierarchy", command(NO_SESSIONS, 0x17D, "0003 616263 000b"));
            t.send("trailing byte", command(NO_SESSIONS, 0x17D, "0003 616263 000b 40000007 00"));
            t.send("with a password session", command(SESSIONS, 0x17D, sessions(PW) + "0003 616263 000b 40000007"));
            t.send("IncrementalSelfTest []", command(NO_SESSIONS, 0x142, "00000000"));
        });
    }
}
