package org.swtpmjava.tpm;

import static org.assertj.core.api.Assertions.assertThat;

/** A started engine over in-memory storage with fixed entropy and a frozen clock. */
public final class EngineFixture {
    public final InMemoryNvStorage storage = new InMemoryNvStorage();
    public final FixedEntropy entropy = new FixedEntropy();
    public final MutableClock clock = new MutableClock(1_000_000);
    public final TpmEngine engine = TpmEngines.tpm2(storage, new EngineConfig(clock, entropy));

    public EngineFixture() {
        assertThat(engine.mainInit()).isEqualTo(TpmResult.SUCCESS);
    }

    /** A fixture whose TPM already ran Startup(CLEAR). */
    public static EngineFixture started() {
        EngineFixture fixture = new EngineFixture();
        assertThat(fixture.send("8001 0000000c 00000144 0000")).isEqualTo("80010000000a00000000");
        return fixture;
    }

    /** Sends hex at locality 0 and returns the response in hex. */
    public String send(String commandHex) {
        return TestBytes.hex(engine.process(TestBytes.hex(commandHex), 0));
    }

    public String send(byte[] command) {
        return TestBytes.hex(engine.process(command, 0));
    }
}
