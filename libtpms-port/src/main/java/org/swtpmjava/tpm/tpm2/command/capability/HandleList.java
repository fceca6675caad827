package org.swtpmjava.tpm.tpm2.command.capability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.LongStream;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.PcrAllocation;
import org.swtpmjava.tpm.tpm2.state.libtpms.CarriedNvHandles;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM_CAP_HANDLES: the handles of the type given by the start handle's top octet. PCRs, the
 * implemented permanent handles, the transient objects and the loaded sessions are listed,
 * persistent objects and NV indices as far as they are carried from a libtpms state, and the
 * context-saved sessions. Other types are TPM_RC_HANDLE.
 */
final class HandleList implements CapabilityProvider {
    /** MAX_CAP_DATA / sizeof(TPM_HANDLE). */
    private static final int MAX_CAP_HANDLES = MAX_CAP_DATA / 4;
    /** The permanent handles libtpms 0.9.2 lists (NextPermanentHandle). */
    static final List<Long> PERMANENT = List.of(TpmHandles.RH_OWNER, TpmHandles.RH_NULL, TpmHandles.RS_PW,
            TpmHandles.RH_LOCKOUT, TpmHandles.RH_ENDORSEMENT, TpmHandles.RH_PLATFORM, TpmHandles.RH_PLATFORM_NV)
            .stream().map(Integer::toUnsignedLong).toList();

    @Override
    public CapabilityList read(long property, long count, CommandContext context) {
        List<Long> candidates = switch ((int) (property >>> 24)) {
            case TpmHandles.HT_PCR -> LongStream.range(property & 0xFFFFFF, PcrAllocation.PCR_COUNT).boxed().toList();
            case TpmHandles.HT_PERMANENT -> PERMANENT.stream().filter(h -> h >= property).toList();
            case TpmHandles.HT_TRANSIENT -> context.state().objects().handles().stream().filter(h -> h >= property)
                    .toList();
            case TpmHandles.HT_HMAC_SESSION -> loadedSessions(property, context);
            case TpmHandles.HT_PERSISTENT -> CarriedNvHandles.persistentObjects(context.state().nv().unmodeled())
                    .stream().filter(h -> h >= property).toList();
            case TpmHandles.HT_NV_INDEX -> CarriedNvHandles.nvIndices(context.state().nv().unmodeled())
                    .stream().filter(h -> h >= property).toList();
            // TPM_HT_SAVED_SESSION (0x03, SessionCapGetSaved): each as 0x02000000 + its index
            case TpmHandles.HT_POLICY_SESSION -> context.state().sessions().savedHandles(context.state().resetData())
                    .stream().filter(h -> (h & 0xFFFFFF) >= (property & 0xFFFFFF)).toList();
            default -> throw new TpmRcException(ResponseCodes.parameter(TpmRc.HANDLE, 2));
        };
        Page<Long> page = Page.of(candidates, count, MAX_CAP_HANDLES);
        return new CapabilityList(page.more(), writer -> {
            writer.writeU32(page.items().size());
            page.items().forEach(writer::writeU32);
        });
    }

    /**
     * TPM_HT_LOADED_SESSION (0x02, SessionCapGetLoaded): every loaded session from the start
     * handle's index on, HMAC and policy sessions alike, each with its own handle type.
     */
    private static List<Long> loadedSessions(long property, CommandContext context) {
        long start = property & 0xFFFFFF;
        List<Long> all = new ArrayList<>(context.state().sessions().handles(TpmHandles.HT_HMAC_SESSION,
                context.state().resetData()));
        all.addAll(context.state().sessions().handles(TpmHandles.HT_POLICY_SESSION, context.state().resetData()));
        return all.stream().filter(h -> (h & 0xFFFFFF) >= start).sorted(
                Comparator.comparingLong(h -> h & 0xFFFFFF)).toList();
    }
}
