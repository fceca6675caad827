package org.swtpmjava.tpm.tpm2.state.codec;

import org.swtpmjava.tpm.EngineFixture;
import org.swtpmjava.tpm.StateBlobType;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.state.codec.PermanentStateCodec.PermanentState;
import org.swtpmjava.tpm.tpm2.state.codec.VolatileStateCodec.VolatileState;
import org.swtpmjava.tpm.tpm2.state.libtpms.PermanentBlobFormats;
import org.swtpmjava.tpm.tpm2.state.libtpms.VolatileBlobFormats;

/**
 * The engine now stores libtpms' volatile blob; this turns its current volatile state into the
 * engine's own older format, which it must still read.
 */
final class OwnVolatileFormat {
    private OwnVolatileFormat() {
    }

    static byte[] of(EngineFixture tpm) throws StateBlobException {
        PermanentState permanent = PermanentBlobFormats.decode(tpm.storage.load(StateBlobType.PERMANENT).orElseThrow());
        VolatileState saved = VolatileBlobFormats.decode(tpm.engine.volatileState(), permanent);
        TpmState state = TpmState.powerOn(permanent.persistent(), permanent.nv());
        state.restoreVolatile(saved.orderly(), saved.resetData(), saved.clearData(), saved.pcrs(), saved.flags(),
                saved.sessions(), saved.objects());
        return VolatileStateCodec.encode(state);
    }
}
