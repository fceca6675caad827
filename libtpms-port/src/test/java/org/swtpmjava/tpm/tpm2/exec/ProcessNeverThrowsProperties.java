package org.swtpmjava.tpm.tpm2.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.swtpmjava.tpm.EngineFixture;
import org.swtpmjava.tpm.TestBytes;

/**
 * Hostile input: random bytes and mutations of valid commands given to process() never throw,
 * always get a well-formed response (at least the 10-byte header, size field equal to the
 * length, a TPM 2 response tag) and never put the TPM into failure mode, which is reserved for
 * internal faults. The valid commands include the boot-time commands with password sessions
 * (PCR_Extend/Event/Reset, HierarchyChangeAuth, SelfTest, IncrementalSelfTest) and TestParms,
 * PCR_Allocate, PCR_SetAuthPolicy, PCR_SetAuthValue, CreatePrimary (HMAC key, ECC storage key,
 * AES key, sealed data), ReadPublic and FlushContext, and (with an HMAC and an ECDSA key loaded)
 * Sign, VerifySignature, ReadPublic and FlushContext, and (under an ECC storage key) Create, Load,
 * Unseal, ContextSave and ContextLoad.
 */
class ProcessNeverThrowsProperties {
    private static final List<String> VALID = List.of(
            "8001 0000000c 00000144 0000",
            "8001 0000000c 00000145 0001",
            "8001 0000000c 0000017b 0020",
            "8001 00000016 0000017a 00000006 00000100 00000010",
            "8001 00000016 0000017a 00000001 40000000 00000008",
            "8001 00000014 0000017e 00000001 000b 03 ffffff",
            "8001 00000011 00000146 0005 0102030405",
            "8001 0000000a 0000017c",
            "8002 00000015 0000017b 00000009 40000009 0000 01 0000 0008",
            "8002 00000035 00000182 00000000000000094000000900000100000000000100041111111111111111111111111111111111111111",
            "8002 000000cb 00000182 00000010000000094000000900000100000000000400042222222222222222222222222222222222222222000b2222222222222222222222222222222222222222222222222222222222222222000c222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222000d22222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222",
            "8002 00000035 00000182 40000007000000094000000900000100000000000100041111111111111111111111111111111111111111",
            "8002 00000020 0000013c 00000017000000094000000900000100000003616263",
            "8002 0000001b 0000013d 0000001000000009400000090000010000",
            "8002 00000021 00000129 4000000c00000009400000090000010000000401020304",
            "8002 0000001f 00000129 4000000a0000000b40000009000000000201020000",
            "8001 0000000b 00000143 01",
            "8001 00000012 00000142 0000000200040018",
            "8001 00000016 0000017a 000000020000010000000010",
            "8001 00000015 0000017d 0003616263 000b 40000001",
            "8001 0000001c 0000018a 00010006008000430014000b080000010001",
            "8001 0000001e 0000018a 0023000600800043001a000b000100030022000b",
            "8001 00000012 0000018a 0008000a000b0022",
            "8001 00000012 0000018a 0025002601000044",
            "8002 00000037 0000012b 4000000c0000000940000009000000000000000004000403000000000b03ffffff000c03000000000d03000000",
            "8002 00000043 0000012c 4000000c0000000940000009000000000000205a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a000b00000014",
            "8002 0000001f 00000183 00000015000000094000000900000000000002aabb",
            "8002 0000003b 00000131 400000010000000940000009000000000000060002abcd000000100008000b0004007200000005000b0000000000000000",
            "8002 0000004b 00000131 4000000b00000009400000090000000000000400000000001a0023000b000304720000000600800043001000030010000000000002010200000001000b03ff0000",
            "8002 0000003b 00000131 400000070000000940000009000000000000040000000000120025000b0006007200000006008000430000000000000000",
            "8002 0000003d 00000131 4000000c00000009400000090000000000000a00000006736563726574000e0008000b00000052000000100000000000000000",
            "8001 0000000e 00000173 80000000",
            "8001 0000000e 00000165 80000000");

    /** Sessions for {@link #mutatedSessionCommands}: HMAC AES-128 (unbound, so empty HMACs are valid), policy XOR, trial. */
    private static final List<String> SESSION_SETUP = List.of(
            "00000176 40000007 40000007 0010 11111111111111111111111111111111 0000 00 0006 0080 0043 000b",
            "00000176 40000007 40000001 0014 2222222222222222222222222222222222222222 0000 01 000a 0004 0004",
            "00000176 40000007 40000007 0010 33333333333333333333333333333333 0000 03 0010 000c",
            "00000186 0000 000b");
    /** Commands (code, then body) using those sessions, most of them valid. */
    private static final List<String> SESSION_COMMANDS = List.of(
            "8002 00000129 40000001 00000009 02000000 0000 21 0000 0004 01020304",
            "8002 0000017d 00000009 02000000 0000 61 0000 0003 616263 000b 40000007",
            "8002 0000017f 03000001 00000009 02000000 0000 21 0000 0000 00000001 000b 03 000001",
            "8002 00000189 03000001 00000009 02000000 0000 41 0000",
            "8002 0000015c 80000000 00000009 02000000 0000 21 0000 0002 aabb",
            "8002 0000013e 80000000 00000009 02000000 0000 61 0000 0001 09 40000007",
            "8002 00000129 40000001 00000009 03000001 0000 01 0000 0000",
            "8002 00000129 40000001 00000012 40000009 0000 01 0000 02000000 0000 20 0000 0002 0102",
            "8001 0000016c 03000001 00000129",
            "8001 0000017f 03000002 0000 00000001 000b 03 000001",
            "8001 00000165 02000000",
            "8001 00000180 03000001",
            "8002 00000131 40000001 00000009 02000000 0000 01 0000 0004 0000 0000 0010 0008000b00040072 0000 0005000b 0000"
                    + " 0000 00000000");

    @Property(tries = 400)
    void mutatedSessionCommands(@ForAll("sessionCommands") byte[] command) {
        EngineFixture tpm = EngineFixture.started();
        for (String setup : SESSION_SETUP) {
            String hex = setup.replace(" ", "");
            byte[] setupCommand = TestBytes.command(0x8001, Integer.parseUnsignedInt(hex.substring(0, 8), 16),
                    hex.substring(8));
            assertThat(TestBytes.responseCode(tpm.engine.process(setupCommand, 0))).isZero();
        }
        checkResponse(tpm, command);
    }

    /** The unmutated session commands succeed (the policy one finds no owner policy), so mutations reach deep. */
    @net.jqwik.api.Example
    void unmutatedSessionCommandsSucceed() {
        for (String text : SESSION_COMMANDS) {
            EngineFixture tpm = EngineFixture.started();
            for (String setup : SESSION_SETUP) {
                String hex = setup.replace(" ", "");
                tpm.engine.process(TestBytes.command(0x8001, Integer.parseUnsignedInt(hex.substring(0, 8), 16),
                        hex.substring(8)), 0);
            }
            byte[] bytes = TestBytes.hex(text);
            ByteBuffer in = ByteBuffer.wrap(bytes);
            int tag = in.getShort() & 0xFFFF;
            int code = in.getInt();
            int rc = TestBytes.responseCode(tpm.engine.process(
                    TestBytes.command(tag, code, TestBytes.hex(bytes).substring(12)), 0));
            assertThat(rc).as(text).isEqualTo(text.contains("03000001 0000 01") ? 0x12F : 0);
        }
    }

    @Provide
    Arbitrary<byte[]> sessionCommands() {
        Arbitrary<byte[]> valid = Arbitraries.of(SESSION_COMMANDS).map(text -> {
            byte[] bytes = TestBytes.hex(text);
            ByteBuffer in = ByteBuffer.wrap(bytes);
            int tag = in.getShort() & 0xFFFF;
            int code = in.getInt();
            return TestBytes.command(tag, code, TestBytes.hex(bytes).substring(12));
        });
        return Combinators.combine(valid, Arbitraries.integers().between(0, 255), Arbitraries.bytes(),
                Arbitraries.integers().between(0, 5), Arbitraries.of(true, false))
                .as((command, position, value, kind, fixSize) -> kind == 5 ? command
                        : mutate(command, position, value, kind, fixSize));
    }

        /** Loaded for {@link #mutatedObjectCommands}: an HMAC key (0x80000000) and an ECDSA P-256 key (0x80000001), both noDA. */
    private static final List<String> OBJECT_SETUP = List.of(
            "8002 0000003b 00000131 400000010000000940000009000000000000060002abcd000000100008000b000404720000000"
                    + "5000b0000000000000000",
            "8002 00000041 00000131 400000010000000940000009000000000000040000000000180023000b0004047200000010001"
                    + "8000b0003001000000000000000000000");
    /** Commands on those objects, valid before mutation. */
    private static final List<String> OBJECT_COMMANDS = List.of(
            "8002 00000049 0000015d 800000000000000b400000090000000002abcd00205a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5"
                    + "a5a5a5a5a5a5a5a5a5a5a5a5a5a5a00108024400000070000",
            "8002 00000047 0000015d 800000010000000940000009000000000000205a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5"
                    + "a5a5a5a5a5a5a5a5a5a5a5a5a00108024400000070000",
            "8001 00000054 00000177 8000000000205a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a0"
                    + "005000b0000000000000000000000000000000000000000000000000000000000000000",
            "8001 00000078 00000177 8000000100205a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a0"
                    + "018000b002001010101010101010101010101010101010101010101010101010101010101010020020202020202020202020"
                    + "2020202020202020202020202020202020202020202",
            "8001 0000000e 00000173 80000001",
            "8001 0000000e 00000165 80000000");

    @Property(tries = 300)
    void mutatedObjectCommands(@ForAll("objectCommands") byte[] command) {
        EngineFixture tpm = EngineFixture.started();
        for (String setup : OBJECT_SETUP) {
            assertThat(TestBytes.responseCode(tpm.engine.process(TestBytes.hex(setup), 0))).isZero();
        }
        checkResponse(tpm, command);
    }

    @Provide
    Arbitrary<byte[]> objectCommands() {
        Arbitrary<byte[]> valid = Arbitraries.of(OBJECT_COMMANDS).map(TestBytes::hex);
        return Combinators.combine(valid, Arbitraries.integers().between(0, 255), Arbitraries.bytes(),
                Arbitraries.integers().between(0, 5), Arbitraries.of(true, false))
                .as((command, position, value, kind, fixSize) -> kind == 5 ? command
                        : mutate(command, position, value, kind, fixSize));
    }

    /** The unmutated object commands succeed but the verifications of made-up signatures (noDA keys: no TPM_RC_RETRY). */
    @net.jqwik.api.Example
    void unmutatedObjectCommandsSucceed() {
        for (String text : OBJECT_COMMANDS) {
            EngineFixture tpm = EngineFixture.started();
            OBJECT_SETUP.forEach(setup -> tpm.engine.process(TestBytes.hex(setup), 0));
            int rc = TestBytes.responseCode(tpm.engine.process(TestBytes.hex(text), 0));
            assertThat(rc).as(text).isEqualTo(text.contains("00000177") ? 0x2DB : 0);
        }
    }

    /** An ECC storage key in the endorsement hierarchy (0x80000000). */
    private static final String STORAGE_PARENT = "8002 0000004b 00000131 4000000b0000000940000009000000000000040000"
            + "0000001a0023000b000304720000000600800043001000030010000000000002010200000001000b03ff0000";
    /** Create (under 0x80000000) of a sealed data object (noDA), password "ab". */
    private static final String CREATE_SEALED = "8002 0000003c 00000153 800000000000000940000009000000000000"
            + "090001ab0004c0ffee00000e0008000b00000452000000100000000000000000";
    /** Create (under 0x80000000) of an ECDSA P-256 key. */
    private static final String CREATE_ECDSA = "8002 00000041 00000153 80000000000000094000000900000000000004000000"
            + "00001800230 00b00040072000000100018000b0003001000000000000000000000".replace(" ", "");

    /**
     * TPM2_Create, TPM2_Load, TPM2_Unseal, TPM2_ContextSave and TPM2_ContextLoad mutated: a
     * storage parent is made, a sealed data object created under it and loaded (0x80000001) and
     * its context saved; then one of Create (sealed, ECDSA), Load (of that object's blobs),
     * Unseal, ContextSave and ContextLoad (of that context), mutated, must get a well-formed
     * response.
     */
    @Property(tries = 300)
    void mutatedStorageCommands(@ForAll @IntRange(min = 0, max = 5) int which,
                                @ForAll @IntRange(min = 0, max = 255) int position, @ForAll byte value,
                                @ForAll @IntRange(min = 0, max = 5) int kind, @ForAll boolean fixSize) {
        EngineFixture tpm = EngineFixture.started();
        assertThat(TestBytes.responseCode(tpm.engine.process(TestBytes.hex(STORAGE_PARENT), 0))).isZero();
        byte[] created = tpm.engine.process(TestBytes.hex(CREATE_SEALED), 0);
        assertThat(TestBytes.responseCode(created)).isZero();
        String load = loadCommand(created);
        assertThat(TestBytes.responseCode(tpm.engine.process(TestBytes.hex(load), 0))).isZero();
        byte[] saved = tpm.engine.process(TestBytes.hex("8001 0000000e 00000162 80000001"), 0);
        assertThat(TestBytes.responseCode(saved)).isZero();
        String contextLoad = TestBytes.hex(TestBytes.command(0x8001, 0x161,
                TestBytes.hex(Arrays.copyOfRange(saved, 10, saved.length))));
        List<String> commands = List.of(CREATE_SEALED, CREATE_ECDSA, load,
                "8002 0000001c 0000015e 80000001 0000000a 40000009 0000 01 0001 ab".replace(" ", ""),
                "8001 0000000e 00000162 80000000".replace(" ", ""), contextLoad);
        byte[] command = TestBytes.hex(commands.get(which));
        checkResponse(tpm, kind == 5 ? command : mutate(command, position, value, kind, fixSize));
    }

    /** The unmutated Create, Load and Unseal of {@link #mutatedStorageCommands} succeed. */
    @net.jqwik.api.Example
    void unmutatedStorageCommandsSucceed() {
        EngineFixture tpm = EngineFixture.started();
        tpm.engine.process(TestBytes.hex(STORAGE_PARENT), 0);
        assertThat(TestBytes.responseCode(tpm.engine.process(TestBytes.hex(CREATE_ECDSA), 0))).isZero();
        byte[] created = tpm.engine.process(TestBytes.hex(CREATE_SEALED), 0);
        assertThat(TestBytes.responseCode(created)).isZero();
        assertThat(TestBytes.responseCode(tpm.engine.process(TestBytes.hex(loadCommand(created)), 0))).isZero();
        byte[] unsealed = tpm.engine.process(TestBytes.hex("8002 0000001c 0000015e 80000001 0000000a 40000009 0000 01"
                + " 0001 ab"), 0);
        assertThat(TestBytes.hex(unsealed)).endsWith("0004c0ffee000000010000");
    }

    /** TPM2_Load under 0x80000000 (password session) of the outPrivate and outPublic of a Create response. */
    private static String loadCommand(byte[] createResponse) {
        ByteBuffer in = ByteBuffer.wrap(createResponse, 14, createResponse.length - 14);
        int privateSize = in.getShort() & 0xFFFF;
        in.position(in.position() + privateSize);
        int publicSize = in.getShort() & 0xFFFF;
        byte[] blobs = Arrays.copyOfRange(createResponse, 14, 14 + 4 + privateSize + publicSize);
        return TestBytes.hex(TestBytes.command(0x8002, 0x157, "80000000 00000009 40000009 0000 01 0000".replace(" ", "")
                + TestBytes.hex(blobs)));
    }

    @Property(tries = 400)
    void randomBytes(@ForAll("randomCommands") byte[] command, @ForAll boolean started) {
        checkResponse(started ? EngineFixture.started() : new EngineFixture(), command);
    }

    @Property(tries = 1000)
    void mutatedValidCommands(@ForAll("mutatedCommands") byte[] command, @ForAll boolean started,
                              @ForAll @IntRange(min = 0, max = 4) int locality) {
        checkResponse(started ? EngineFixture.started() : new EngineFixture(), command, locality);
    }

    private static void checkResponse(EngineFixture tpm, byte[] command) {
        checkResponse(tpm, command, 0);
    }

    private static void checkResponse(EngineFixture tpm, byte[] command, int locality) {
        byte[] response = tpm.engine.process(command, locality);
        assertThat(response.length).isGreaterThanOrEqualTo(10);
        ByteBuffer header = ByteBuffer.wrap(response);
        assertThat(header.getShort(0) & 0xFFFF).isIn(0x8001, 0x8002);
        assertThat(header.getInt(2)).isEqualTo(response.length);
        byte[] testResult = tpm.engine.process(TestBytes.hex("8001 0000000a 0000017c"), 0);
        assertThat(testResult.length).as("failure mode answers GetTestResult with 28 bytes").isNotEqualTo(28);
    }

    @Provide
    Arbitrary<byte[]> randomCommands() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(4200);
    }

    @Provide
    Arbitrary<byte[]> mutatedCommands() {
        Arbitrary<byte[]> valid = Arbitraries.of(VALID).map(TestBytes::hex);
        return Combinators.combine(valid, Arbitraries.integers().between(0, 255), Arbitraries.bytes(),
                Arbitraries.integers().between(0, 4), Arbitraries.of(true, false))
                .as(ProcessNeverThrowsProperties::mutate);
    }

    /** Overwrites, truncates, extends or drops a byte; optionally fixes the size field afterwards. */
    private static byte[] mutate(byte[] command, int position, byte value, int kind, boolean fixSize) {
        int at = Math.min(position, command.length - 1);
        byte[] mutated = switch (kind) {
            case 0 -> {
                byte[] copy = command.clone();
                copy[at] = value;
                yield copy;
            }
            case 1 -> Arrays.copyOf(command, at);
            case 2 -> {
                byte[] copy = Arrays.copyOf(command, command.length + 1);
                copy[command.length] = value;
                yield copy;
            }
            case 3 -> {
                byte[] copy = new byte[command.length - 1];
                System.arraycopy(command, 0, copy, 0, at);
                System.arraycopy(command, at + 1, copy, at, command.length - at - 1);
                yield copy;
            }
            default -> {
                byte[] copy = command.clone();
                copy[at] ^= (byte) (1 << (value & 7));
                yield copy;
            }
        };
        if (fixSize && mutated.length >= 6) {
            ByteBuffer.wrap(mutated).putInt(2, mutated.length);
        }
        return mutated;
    }
}
