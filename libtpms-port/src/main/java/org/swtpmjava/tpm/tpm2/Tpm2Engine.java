package org.swtpmjava.tpm.tpm2;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.swtpmjava.tpm.EngineConfig;
import org.swtpmjava.tpm.NvStorage;
import org.swtpmjava.tpm.StateBlobType;
import org.swtpmjava.tpm.TpmEngine;
import org.swtpmjava.tpm.TpmResult;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.platform.EmulatedLibtpms;
import org.swtpmjava.tpm.tpm2.platform.TpmFailure;
import org.swtpmjava.tpm.tpm2.state.codec.PermanentStateCodec.PermanentState;
import org.swtpmjava.tpm.tpm2.state.codec.StateBlobException;
import org.swtpmjava.tpm.tpm2.state.codec.VolatileStateCodec.VolatileState;
import org.swtpmjava.tpm.tpm2.state.libtpms.PermanentBlobFormats;
import org.swtpmjava.tpm.tpm2.state.libtpms.VolatileBlobFormats;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * The TPM 2.0 engine behind {@link TpmEngine}: libtpms' TPM2 interface (tpm_tpm2_interface.c,
 * tpm_tpm2_tis.c). The buffer size and the tpmEstablished flag outlive terminate/mainInit, as
 * they are process-wide in libtpms.
 */
public final class Tpm2Engine implements TpmEngine {
    private final NvStorage storage;
    private final EngineConfig config;
    private final EmulatedLibtpms version;
    private final StateBlobCache cache = new StateBlobCache();
    private int bufferSize;
    private boolean tpmEstablished;
    private RunningTpm tpm;

    public Tpm2Engine(NvStorage storage, EngineConfig config, EmulatedLibtpms version) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.config = Objects.requireNonNull(config, "config");
        this.version = Objects.requireNonNull(version, "version");
        this.bufferSize = version.maxBufferSize();
    }

    /**
     * Loads the permanent state (a cached blob first, else storage) or manufactures a new TPM and
     * stores it at once, then resumes a saved volatile state if one exists. A state that cannot
     * be read answers TPM_RC_FAILURE (libtpms ends in failure mode then); a storage error
     * answers the storage's result code. Either way the engine does not run.
     */
    @Override
    public int mainInit() {
        terminate();
        boolean permanentFromCache = cache.peek(StateBlobType.PERMANENT).isPresent();
        try {
            Optional<byte[]> permanentBlob = cache.take(StateBlobType.PERMANENT, storage);
            PermanentState permanent = permanentBlob.isPresent()
                    ? PermanentBlobFormats.decode(permanentBlob.get())
                    : Manufacturer.manufacture(config.entropy(), version);
            Optional<byte[]> volatileBlob = cache.take(StateBlobType.VOLATILE, storage);
            VolatileState saved = volatileBlob.isPresent()
                    ? VolatileBlobFormats.decode(volatileBlob.get(), permanent) : null;
            RunningTpm started = RunningTpm.powerOn(permanent, saved, storage, config, version);
            if (saved != null && saved.carried() != null) {
                tpmEstablished = saved.carried().tpmEstablished(); // libtpms restores the flag from the blob
            }
            if (permanentBlob.isEmpty() || permanentFromCache) {
                started.commitPermanent();
            }
            if (started.inFailureMode()) {
                return TpmRc.FAILURE; // a volatile state saved in failure mode
            }
            tpm = started;
            return TpmResult.SUCCESS;
        } catch (NvStorage.NvStorageException e) {
            return e.result();
        } catch (StateBlobException | RuntimeException e) {
            return TpmRc.FAILURE; // TpmFailure included: e.g. no entropy to manufacture with
        }
    }

    @Override
    public void terminate() {
        tpm = null;
    }

    @Override
    public boolean isRunning() {
        return tpm != null;
    }

    /** Not running: the fixed TPM_RC_FAILURE answer swtpm gives for a stopped TPM. */
    @Override
    public byte[] process(byte[] command, int locality) {
        if (tpm == null) {
            return ResponseCodes.error(TpmRc.FAILURE);
        }
        return tpm.process(command == null ? new byte[0] : command, platformLocality(locality), bufferSize);
    }

    @Override
    public int cancelCommand() {
        return TpmResult.SUCCESS; // commands run to completion; nothing long-running can be cancelled yet
    }

    @Override
    public byte[] volatileState() {
        if (tpm == null) {
            return null;
        }
        try {
            return tpm.volatileState(tpmEstablished);
        } catch (RuntimeException e) {
            // a state the encoder cannot write is an engine fault: failure mode, nothing written
            tpm.fail(TpmFailure.FATAL_ERROR_INTERNAL);
            return null;
        }
    }

    /**
     * TPMLIB_SetState: a null or empty blob marks the entry empty (the next mainInit then treats
     * it as absent without asking storage; allowed even while running, as in libtpms). Other
     * blobs only while not running; they are checked now and a bad one clears every cached blob.
     */
    @Override
    public int setStateBlob(StateBlobType type, byte[] blob) {
        if (blob == null || blob.length == 0) {
            cache.putEmpty(type);
            return TpmResult.SUCCESS;
        }
        if (tpm != null) {
            return TpmResult.INVALID_POSTINIT;
        }
        try {
            switch (type) {
                case PERMANENT -> PermanentBlobFormats.decode(blob);
                case VOLATILE -> {
                    Optional<byte[]> permanent = cache.contains(StateBlobType.PERMANENT)
                            ? cache.peek(StateBlobType.PERMANENT) : storage.load(StateBlobType.PERMANENT);
                    if (permanent.isEmpty()) {
                        throw new StateBlobException(TpmResult.FAIL, "volatile state without permanent state");
                    }
                    VolatileBlobFormats.decode(blob, PermanentBlobFormats.decode(permanent.get()));
                }
                case SAVESTATE -> throw new StateBlobException(TpmResult.BAD_TYPE, "TPM 2 has no savestate blob");
            }
        } catch (StateBlobException e) {
            cache.clear();
            return e.result();
        } catch (NvStorage.NvStorageException e) {
            cache.clear();
            return e.result();
        }
        cache.put(type, blob);
        return TpmResult.SUCCESS;
    }

    /** TPMLIB_SetBufferSize: 0 queries; other values (unsigned) are clamped into [min, max]. */
    @Override
    public BufferSizes setBufferSize(int wanted) {
        int min = version.minBufferSize();
        int max = version.maxBufferSize();
        if (wanted != 0) {
            bufferSize = (int) Math.max(min, Math.min(max, Integer.toUnsignedLong(wanted)));
        }
        return new BufferSizes(bufferSize, min, max);
    }

    @Override
    public String getInfo(long flags) {
        return TpmInfoJson.of(flags, version);
    }

    @Override
    public boolean tpmEstablished() {
        return tpmEstablished;
    }

    @Override
    public int resetTpmEstablished(int locality) {
        if (locality != 3 && locality != 4) {
            return TpmResult.BAD_LOCALITY;
        }
        tpmEstablished = false;
        return TpmResult.SUCCESS;
    }

    @Override
    public int hashStart() {
        int result = onRunningTpm(RunningTpm::hashStart);
        if (result == TpmResult.SUCCESS) {
            tpmEstablished = true;
        }
        return result;
    }

    @Override
    public int hashData(byte[] data) {
        return onRunningTpm(running -> running.hashData(data == null ? new byte[0] : data));
    }

    @Override
    public int hashEnd() {
        return onRunningTpm(RunningTpm::hashEnd);
    }

    /** A fault in an indication puts the TPM into failure mode, as FAIL() would. */
    private int onRunningTpm(Consumer<RunningTpm> action) {
        if (tpm == null) {
            return TpmResult.FAIL;
        }
        try {
            action.accept(tpm);
            return TpmResult.SUCCESS;
        } catch (TpmFailure e) {
            tpm.fail(e.failCode());
        } catch (RuntimeException e) {
            tpm.fail(TpmFailure.FATAL_ERROR_INTERNAL);
        }
        return TpmResult.FAIL;
    }

    /** _plat__LocalitySet: the low byte; 5..31 are not localities and become 0. */
    private static int platformLocality(int locality) {
        int value = locality & 0xFF;
        return value > 4 && value < 32 ? 0 : value;
    }
}
