package org.swtpmjava.tpm.tpm2.state.libtpms;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.swtpmjava.tpm.tpm2.state.AuthSession;
import org.swtpmjava.tpm.tpm2.state.CarriedVolatileState;
import org.swtpmjava.tpm.tpm2.state.CarriedVolatileState.PlatformClock;
import org.swtpmjava.tpm.tpm2.state.LoadedSessions;
import org.swtpmjava.tpm.tpm2.state.PcrAllocation;
import org.swtpmjava.tpm.tpm2.state.PcrBanks;
import org.swtpmjava.tpm.tpm2.state.PersistentData;
import org.swtpmjava.tpm.tpm2.state.PrimarySeeds;
import org.swtpmjava.tpm.tpm2.state.RuntimeFlags;
import org.swtpmjava.tpm.tpm2.state.StateClearData;
import org.swtpmjava.tpm.tpm2.state.StateResetData;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.state.TransientObjects;
import org.swtpmjava.tpm.tpm2.state.UnmodeledState;
import org.swtpmjava.tpm.tpm2.state.codec.PermanentStateCodec.PermanentState;
import org.swtpmjava.tpm.tpm2.state.codec.VolatileStateCodec.VolatileState;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;

/**
 * libtpms' TPM 2.0 volatile blob, "volatilestate" (TPMLIB_VolatileAll_Store, libtpms.md §4.10):
 * the VOLATILE_STATE section followed by a SHA-1 over it. Read as libtpms 0.9 reads it
 * (versions 1 to 4; the version 3 block ties the blob to the permanent state's primary seeds),
 * written as 0.9 writes it (version 4).
 *
 * <p>The engine takes the runtime flags, the live ORDERLY_DATA (clock, DRBG, DA timers),
 * STATE_CLEAR_DATA and STATE_RESET_DATA, the PCR values, the loaded sessions and the transient
 * objects (keys, data objects, hash and event sequences: {@link AnyObjectSection}). The rest
 * ({@link CarriedVolatileState}: per-command scratch, the NV block, host clock values, object
 * slots holding a kind of object the engine cannot hold yet, ...) is carried and written back.
 */
public final class LibtpmsVolatileCodec {
    static final int MAGIC = 0x45637889;
    /** VOLATILE_STATE_VERSION of libtpms 0.9: what it reads and writes. */
    public static final int VERSION = 4;
    private static final int SHA1_SIZE = 20;
    /** sizeof(TPMU_HA): TPM2B_AUTH, TPM2B_NONCE, TPM2B_DIGEST. */
    private static final int MAX_DIGEST = 64;
    /** PRIMARY_SEED_SIZE. */
    private static final int SEED_SIZE = 64;
    /** MAX_SESSION_NUM: the per-command session arrays. */
    private static final int COMMAND_SESSIONS = 3;
    /** TPMA_SESSION bits 3-4 are reserved. */
    private static final int TPMA_SESSION_RESERVED = 0x18;
    /** sizeof(s_indexOrderlyRam) = RAM_INDEX_SPACE. */
    private static final int ORDERLY_RAM_SIZE = IndexOrderlyRamSection.AREA_SIZE;
    /** MAX_LOADED_OBJECTS. */
    private static final int OBJECT_SLOTS = 3;
    /** UNDEFINED_INDEX: s_encrypt/decrypt/auditSessionIndex between commands. */
    private static final int UNDEFINED_INDEX = 0xFFFF;
    /** g_platformUniqueDetails of libtpms' platform: this sentence, byte-reversed. */
    private static final byte[] PLATFORM_UNIQUE_DETAILS = new StringBuilder(
            "This is not really a unique value. A real unique value should be").reverse().toString()
            .getBytes(StandardCharsets.US_ASCII);

    private LibtpmsVolatileCodec() {
    }

    /** True if {@code blob} starts like a VOLATILE_STATE section (u16 version, then the magic). */
    public static boolean isVolatileState(byte[] blob) {
        return blob != null && blob.length >= 6 && (((blob[2] & 0xFF) << 24) | ((blob[3] & 0xFF) << 16)
                | ((blob[4] & 0xFF) << 8) | (blob[5] & 0xFF)) == MAGIC;
    }

    /**
     * Reads a volatile blob for the TPM whose permanent state is {@code permanent}: the SHA-1
     * trailer must match (TPM_RC_HASH, checked after parsing as libtpms does), the seeds of a
     * version 3+ blob must be the permanent state's (TPM_RC_VALUE), and the PCR data must cover
     * the allocation in effect (PERSISTENT_DATA's RAM allocation, libtpms.md §4.4).
     */
    public static VolatileState read(byte[] blob, PermanentState permanent) throws LibtpmsFormatException {
        if (blob.length < SHA1_SIZE) {
            throw new LibtpmsFormatException(LibtpmsRc.INSUFFICIENT, "volatile blob of " + blob.length + " bytes");
        }
        byte[] content = Arrays.copyOf(blob, blob.length - SHA1_SIZE);
        PersistentData persistent = permanent.persistent();
        UnmodeledState permall = permanent.nv().unmodeled();
        PcrAllocation inEffect = permall.pcrAllocationWhenWritten() != null
                ? permall.pcrAllocationWhenWritten() : persistent.pcrAllocated();
        // As in libtpms, the content is parsed first and the digest compared after it: a truncated
        // blob is TPM_RC_INSUFFICIENT, a blob that parses but was changed TPM_RC_HASH.
        VolatileState state = new Reader(new NvMarshalReader(content), persistent.seeds(), inEffect).read();
        if (!MessageDigest.isEqual(sha1(content), Arrays.copyOfRange(blob, content.length, blob.length))) {
            throw new LibtpmsFormatException(LibtpmsRc.HASH, "volatile blob SHA-1 mismatch");
        }
        return state;
    }

    /**
     * The volatile blob libtpms 0.9 would write for {@code state}.
     * {@code hostRealTimeMillis} is the host's wall-clock time, which libtpms compares with its own
     * on resume to add the time the TPM was suspended (libtpms.md §4.10 item 11).
     */
    public static byte[] write(TpmState state, boolean tpmEstablished, long hostRealTimeMillis) {
        CarriedVolatileState carried = state.carriedVolatile();
        UnmodeledState permall = state.nv().unmodeled();
        RuntimeFlags flags = state.flags();
        NvMarshalWriter w = new NvMarshalWriter();
        w.header(VERSION, MAGIC, 1);
        writeGlobals(w, state, carried);
        OrderlyDataSection.write(w, state.orderly(),
                carried == null ? permall.drbgLastValue() : carried.drbgLastValue());
        StateClearSection.write(w, state.clearData());
        StateResetSection.write(w, state.resetData(),
                carried == null ? permall.contextSlotMask() : carried.contextSlotMask());
        w.bool(carried == null || carried.manufactured()).bool(flags.started());
        if (carried == null) {
            writeEmptySessionProcessBlock(w);
            w.openBlock(false).closeBlock();
        } else {
            w.bytes(carried.sessionProcessBlock()).bytes(carried.daBlock());
        }
        w.bytes(VolatileNvBlock.forLiveState(carried == null ? null : carried.nvBlock(), permall, state.orderlyRam()));
        if (carried == null || carried.objectBlock() == null || state.objects().loaded() != 0) {
            writeObjectBlock(w, state.objects());
        } else {
            // objects of a libtpms blob the engine cannot hold yet (HMAC sequences, ...), verbatim
            w.bytes(carried.objectBlock());
        }
        w.openBlock(true);
        VolatilePcrSection.write(w, state.pcrs());
        w.closeBlock();
        writeSessions(w, state.sessions(), state.resetData(), state.persistent().timeEpoch());
        w.bool(flags.failureMode()).bool(tpmEstablished);
        w.openBlock(true).u32(carried == null ? 0 : carried.failFunction())
                .u32(carried == null ? 0 : carried.failLine()).u32(flags.failCode()).closeBlock();
        writeClockAndSeeds(w, state, carried, hostRealTimeMillis);
        w.u32(MAGIC);
        byte[] body = w.toByteArray();
        byte[] blob = Arrays.copyOf(body, body.length + SHA1_SIZE);
        System.arraycopy(sha1(body), 0, blob, body.length, SHA1_SIZE);
        return blob;
    }

    /** Item 1 of §4.10: the g_* globals before ORDERLY_DATA. */
    private static void writeGlobals(NvMarshalWriter w, TpmState state, CarriedVolatileState carried) {
        RuntimeFlags flags = state.flags();
        w.u32(state.sessions().exclusiveAuditSession()).u64(flags.time());
        w.bool(flags.phEnable()).bool(flags.pcrReconfigured());
        w.u32(carried == null ? TpmHandles.RH_UNASSIGNED : carried.drtmHandle());
        w.bool(flags.drtmPreStartup()).bool(flags.startupLocality3());
        w.openBlock(true).bool(flags.daUsed()).closeBlock();
        w.bool(carried != null && carried.powerWasLost()).u16(flags.prevOrderlyState());
        w.bool(carried == null || carried.nvOk());
        w.tpm2b(carried == null ? PLATFORM_UNIQUE_DETAILS : carried.platformUniqueDetails());
    }

    /** Items 11-12 of §4.10: the platform clock, then the version 3 block (seeds) with the version 4 block. */
    private static void writeClockAndSeeds(NvMarshalWriter w, TpmState state, CarriedVolatileState carried,
                                           long hostRealTimeMillis) {
        long time = state.flags().time();
        VolatileClock.write(w, carried == null ? null : carried.clock(), time, !state.flags().started(),
                hostRealTimeMillis);
        w.openBlock(true);
        PrimarySeeds seeds = state.persistent().seeds();
        w.tpm2b(seeds.endorsement()).tpm2b(seeds.storage()).tpm2b(seeds.platform());
        w.openBlock(true);
        VolatileClock.writeV4(w, time);
        w.emptyFutureBlock();
        w.closeBlock();
        w.closeBlock();
    }

    private static void writeSessions(NvMarshalWriter w, LoadedSessions sessions, StateResetData reset,
                                      int timeEpoch) {
        w.openBlock(true).u16(LoadedSessions.SLOTS);
        for (int slot = 0; slot < LoadedSessions.SLOTS; slot++) {
            VolatileSessionSection.writeSlot(w, sessions.slot(slot), timeEpoch);
        }
        // s_oldestSavedSession follows from contextArray and contextCounter (ContextIdSetOldest)
        w.u32(sessions.oldestSaved(reset));
        w.u32(LoadedSessions.SLOTS - sessions.loaded());
        w.closeBlock();
    }

    /** Per-command scratch (s_sessionHandles ...) as it stands between commands: empty, no session index. */
    private static void writeEmptySessionProcessBlock(NvMarshalWriter w) {
        w.openBlock(true).u16(COMMAND_SESSIONS);
        for (int i = 0; i < COMMAND_SESSIONS; i++) {
            w.u32(0).u8(0).u32(0).u16(0).u16(0);
        }
        w.u32(UNDEFINED_INDEX).u32(UNDEFINED_INDEX).u32(UNDEFINED_INDEX);
        w.openBlock(true).u16(0).closeBlock();
        w.bool(false);
        w.closeBlock();
    }

    /** Item 7 of §4.10: the transient object slots, each an ANY_OBJECT (an empty one for a free slot). */
    private static void writeObjectBlock(NvMarshalWriter w, TransientObjects objects) {
        w.openBlock(true).u16(OBJECT_SLOTS);
        for (int i = 0; i < OBJECT_SLOTS; i++) {
            AnyObjectSection.write(w, objects.get(TransientObjects.TRANSIENT_FIRST + i));
        }
        w.closeBlock();
    }

    static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One read of VolatileState_Unmarshal. */
    private static final class Reader {
        private final NvMarshalReader r;
        private final PrimarySeeds seeds;
        private final PcrAllocation inEffect;

        Reader(NvMarshalReader r, PrimarySeeds seeds, PcrAllocation inEffect) {
            this.r = r;
            this.seeds = seeds;
            this.inEffect = inEffect;
        }

        VolatileState read() throws LibtpmsFormatException {
            int version = r.header(MAGIC, VERSION, "VOLATILE_STATE");
            RuntimeFlags flags = new RuntimeFlags();
            LoadedSessions sessions = new LoadedSessions();
            sessions.setExclusiveAuditSession(r.u32());
            flags.setTime(r.u64());
            flags.setPhEnable(r.bool());
            flags.setPcrReconfigured(r.bool());
            int drtmHandle = r.u32();
            flags.setDrtmPreStartup(r.bool());
            flags.setStartupLocality3(r.bool());
            if (r.block(true, "g_daUsed")) {
                flags.setDaUsed(r.bool());
            }
            boolean powerWasLost = r.bool();
            flags.setPrevOrderlyState(r.u16());
            boolean nvOk = r.bool();
            byte[] platformUniqueDetails = r.tpm2b(MAX_DIGEST, "g_platformUniqueDetails");
            OrderlyDataSection.Content orderly = OrderlyDataSection.read(r);
            StateClearData clear = StateClearSection.read(r, inEffect);
            StateResetSection.Content reset = StateResetSection.read(r);
            boolean manufactured = r.bool();
            flags.setStarted(r.bool());
            byte[] sessionProcessBlock = readSessionProcessBlock();
            byte[] daBlock = readDaBlock();
            byte[] nvBlock = VolatileNvBlock.read(r);
            TransientObjects objects = new TransientObjects();
            byte[] objectBlock = readObjectBlock(objects);
            PcrBanks pcrs = new PcrBanks(inEffect);
            if (r.block(true, "s_pcrs")) {
                pcrs = VolatilePcrSection.read(r, inEffect);
            }
            int oldestSavedSession = 0;
            if (r.block(true, "s_sessions")) {
                int slots = r.u16();
                if (slots != LoadedSessions.SLOTS) {
                    throw new LibtpmsFormatException(LibtpmsRc.BAD_PARAMETER, "s_sessions of " + slots);
                }
                for (int slot = 0; slot < slots; slot++) {
                    AuthSession session = VolatileSessionSection.readSlot(r);
                    if (session != null) {
                        sessions.restoreSlot(slot, session);
                    }
                }
                oldestSavedSession = r.u32();
                r.u32(); // s_freeSessionSlots: follows from the slots
            }
            boolean failureMode = r.bool();
            boolean tpmEstablished = r.bool();
            int failFunction = 0;
            int failLine = 0;
            int failCode = 0;
            if (r.block(true, "s_failFunction")) {
                failFunction = r.u32();
                failLine = r.u32();
                failCode = r.u32();
            }
            if (failureMode) {
                flags.enterFailureMode(failCode);
            }
            PlatformClock clock = VolatileClock.read(r, version, seeds);
            int trailer = r.u32();
            if (trailer != MAGIC) {
                throw new LibtpmsFormatException(LibtpmsRc.BAD_TAG, String.format("VOLATILE_STATE ends with 0x%08x", trailer));
            }
            CarriedVolatileState carried = new CarriedVolatileState(platformUniqueDetails, drtmHandle, powerWasLost,
                    nvOk, manufactured, orderly.drbgLastValue(), reset.contextSlotMask(), sessionProcessBlock,
                    daBlock, nvBlock, objectBlock, oldestSavedSession, tpmEstablished, failFunction, failLine, clock);
            return new VolatileState(flags, orderly.data(), reset.data(), clear, pcrs, sessions, objects, carried);
        }

        private byte[] readSessionProcessBlock() throws LibtpmsFormatException {
            int start = r.position();
            if (r.block(true, "s_sessionHandles")) {
                int count = r.u16();
                if (count != COMMAND_SESSIONS) {
                    throw new LibtpmsFormatException(LibtpmsRc.BAD_PARAMETER, "s_sessionHandles of " + count);
                }
                for (int i = 0; i < count; i++) {
                    r.u32();
                    if ((r.u8() & TPMA_SESSION_RESERVED) != 0) {
                        throw new LibtpmsFormatException(LibtpmsRc.RESERVED_BITS, "s_attributes reserved bits");
                    }
                    r.u32();
                    r.tpm2b(MAX_DIGEST, "s_nonceCaller");
                    r.tpm2b(MAX_DIGEST, "s_inputAuthValues");
                }
                r.u32();
                r.u32();
                r.u32();
                if (r.block(true, "s_cpHashForCommandAudit")) {
                    r.tpm2b(MAX_DIGEST, "s_cpHashForCommandAudit");
                }
                r.bool();
            }
            return r.consumedSince(start);
        }

        /** The DA block: written empty and absent by 0.9 (its timers are in ORDERLY_DATA); skipped if present. */
        private byte[] readDaBlock() throws LibtpmsFormatException {
            int start = r.position();
            r.block(false, "s_selfHealTimer.1");
            return r.consumedSince(start);
        }

        /**
         * The transient object slots, read in line as libtpms reads them (the block's length is
         * not used). The objects go into {@code objects}; if one of them is of a kind the engine
         * cannot hold yet, none does and the whole block is returned to be carried verbatim
         * (else null).
         */
        private byte[] readObjectBlock(TransientObjects objects) throws LibtpmsFormatException {
            int start = r.position();
            boolean unsupported = false;
            if (r.block(true, "s_objects")) {
                int count = r.u16();
                if (count != OBJECT_SLOTS) {
                    throw new LibtpmsFormatException(LibtpmsRc.BAD_PARAMETER, "s_objects of " + count);
                }
                for (int slot = 0; slot < count; slot++) {
                    AnyObjectSection.Decoded decoded;
                    try {
                        decoded = AnyObjectSection.read(r);
                    } catch (RuntimeException e) {
                        throw new LibtpmsFormatException(LibtpmsRc.BAD_PARAMETER, AnyObjectSection.UNEXPECTED + e);
                    }
                    unsupported |= decoded.unsupported();
                    if (decoded.object() != null) {
                        objects.restore(TransientObjects.TRANSIENT_FIRST + slot, decoded.object());
                    }
                }
            }
            if (!unsupported) {
                return null;
            }
            objects.flushAll();
            return r.consumedSince(start);
        }
    }

    /**
     * Whether the object slots of a libtpms blob are carried verbatim because one of the objects
     * is of a kind the engine cannot hold yet (an HMAC sequence, a public-only object, ...).
     */
    public static boolean holdsObjects(CarriedVolatileState carried) {
        return carried != null && carried.objectBlock() != null;
    }
}
