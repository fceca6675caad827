package org.swtpmjava.tpm.tpm2.command.capability;

import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.state.StateClearData;
import org.swtpmjava.tpm.tpm2.state.TransientObjects;
import org.swtpmjava.tpm.tpm2.state.libtpms.CarriedNvUsage;
import org.swtpmjava.tpm.tpm2.types.TpmSu;

/**
 * The PT_VAR properties libtpms 0.9.2 reports (TPM_PT_PERMANENT 0x200 to TPM_PT_AUDIT_COUNTER_1
 * 0x214). Transient objects and sessions are counted. NV indices and persistent objects are
 * those carried from a libtpms state ({@link CarriedNvUsage}); without any, the emulated
 * version's empty-NV values apply.
 */
final class VariableProperties {
    /** MAX_LOADED_SESSIONS. */
    private static final int MAX_LOADED_SESSIONS = 3;
    /** ECC_CURVE_COUNT. */
    private static final int LOADED_CURVES = 8;

    private VariableProperties() {
    }

    private static CarriedNvUsage carried(CommandContext context) {
        return CarriedNvUsage.of(context.state());
    }

    static void addTo(TpmProperties.Sink sink) {
        sink.add(0x200, c -> TpmProperties.permanentAttributes(c.state().persistent()));
        sink.add(0x201, VariableProperties::startupClearAttributes);
        sink.add(0x202, c -> carried(c).nvIndices());    // HR_NV_INDEX
        sink.add(0x203, c -> c.state().sessions().loaded());                       // HR_LOADED: sessions
        sink.add(0x204, c -> MAX_LOADED_SESSIONS - c.state().sessions().loaded()); // HR_LOADED_AVAIL
        sink.add(0x205, c -> activeSessions(c));        // HR_ACTIVE
        sink.add(0x206, c -> 64 - activeSessions(c));   // HR_ACTIVE_AVAIL
        sink.add(0x207, c -> freeSlots(c));             // HR_TRANSIENT_AVAIL
        sink.add(0x208, c -> carried(c).persistentObjects()); // HR_PERSISTENT
        sink.add(0x209, c -> carried(c).isEmpty() ? c.version().structSizes().hrPersistentAvail()
                : carried(c).persistentAvailable());
        sink.add(0x20A, c -> carried(c).counters());     // NV_COUNTERS
        sink.add(0x20B, c -> carried(c).isEmpty() ? c.version().structSizes().nvCountersAvail()
                : carried(c).countersAvailable());
        sink.add(0x20C, c -> c.state().persistent().algorithmSet());
        sink.add(0x20D, c -> LOADED_CURVES);
        sink.add(0x20E, c -> c.state().persistent().failedTries());
        sink.add(0x20F, c -> c.state().persistent().maxTries());
        sink.add(0x210, c -> c.state().persistent().recoveryTime());
        sink.add(0x211, c -> c.state().persistent().lockoutRecovery());
        sink.add(0x212, c -> 0);                        // NV_WRITE_RECOVERY: no rate limiting
        sink.add(0x213, c -> (int) (c.state().persistent().auditCounter() >>> 32));
        sink.add(0x214, c -> (int) c.state().persistent().auditCounter());
    }

    /** TPMA_STARTUP_CLEAR (Part 2, Table 39). */
    private static int startupClearAttributes(CommandContext context) {
        StateClearData clear = context.state().clearData();
        int value = context.state().flags().phEnable() ? 1 : 0;
        value |= clear.shEnable() ? 1 << 1 : 0;
        value |= clear.ehEnable() ? 1 << 2 : 0;
        value |= clear.phEnableNv() ? 1 << 3 : 0;
        value |= context.state().flags().prevOrderlyState() != TpmSu.NONE_VALUE ? 1 << 31 : 0;
        return value;
    }

    private static int activeSessions(CommandContext context) {
        int active = 0;
        for (int slot : context.state().resetData().contextArray()) {
            active += slot != 0 ? 1 : 0;
        }
        return active;
    }

    /** HR_TRANSIENT_AVAIL: the free transient object slots. */
    private static int freeSlots(CommandContext context) {
        return TransientObjects.SLOTS - context.state().objects().loaded();
    }
}
