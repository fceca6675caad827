package org.swtpmjava.tpm.tpm2.command.capability;

import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.platform.EmulatedLibtpms;
import org.swtpmjava.tpm.tpm2.platform.VendorInfo;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;

/**
 * The PT_FIXED properties libtpms 0.9.2 reports (Part 2 §6.13, TPM_PT_FAMILY_INDICATOR 0x100 to
 * TPM_PT_MAX_CAP_BUFFER 0x12E; 0x115 is not defined), with libtpms' build constants.
 */
final class FixedProperties {
    private FixedProperties() {
    }

    static void addTo(TpmProperties.Sink sink) {
        sink.add(0x100, c -> VendorInfo.FAMILY_INDICATOR);
        sink.add(0x101, c -> c.version().library().level());
        sink.add(0x102, c -> c.version().library().revision());
        sink.add(0x103, c -> c.version().library().dayOfYear());
        sink.add(0x104, c -> c.version().library().year());
        sink.add(0x105, c -> VendorInfo.MANUFACTURER);
        sink.add(0x106, c -> VendorInfo.VENDOR_STRING_1);
        sink.add(0x107, c -> VendorInfo.VENDOR_STRING_2);
        sink.add(0x108, c -> VendorInfo.VENDOR_STRING_3);
        sink.add(0x109, c -> VendorInfo.VENDOR_STRING_4);
        sink.add(0x10A, c -> VendorInfo.VENDOR_TPM_TYPE);
        sink.add(0x10B, c -> c.state().persistent().firmwareV1());
        sink.add(0x10C, c -> c.state().persistent().firmwareV2());
        sink.add(0x10D, c -> 1024);                 // INPUT_BUFFER: MAX_DIGEST_BUFFER
        sink.add(0x10E, c -> 3);                    // HR_TRANSIENT_MIN: MAX_LOADED_OBJECTS
        sink.add(0x10F, c -> 7);                    // HR_PERSISTENT_MIN: MIN_EVICT_OBJECTS
        sink.add(0x110, c -> 3);                    // HR_LOADED_MIN: MAX_LOADED_SESSIONS
        sink.add(0x111, c -> 64);                   // ACTIVE_SESSIONS_MAX
        sink.add(0x112, c -> 24);                   // PCR_COUNT: IMPLEMENTATION_PCR
        sink.add(0x113, c -> 3);                    // PCR_SELECT_MIN
        sink.add(0x114, c -> 0xFFFF);               // CONTEXT_GAP_MAX: 16-bit context slots
        sink.add(0x116, c -> 0);                    // NV_COUNTERS_MAX: no fixed limit
        sink.add(0x117, c -> 2048);                 // NV_INDEX_MAX: MAX_NV_INDEX_SIZE
        sink.add(0x118, c -> 0x6);                  // MEMORY: sharedNV | objectCopiedToRam
        sink.add(0x119, c -> 4096);                 // CLOCK_UPDATE: 2^NV_CLOCK_UPDATE_INTERVAL ms
        sink.add(0x11A, c -> TpmAlgId.SHA512);      // CONTEXT_HASH
        sink.add(0x11B, c -> TpmAlgId.AES);         // CONTEXT_SYM
        sink.add(0x11C, c -> 256);                  // CONTEXT_SYM_SIZE
        sink.add(0x11D, c -> 255);                  // ORDERLY_COUNT: 2^ORDERLY_BITS - 1
        sink.add(0x11E, c -> c.bufferSize());       // MAX_COMMAND_SIZE
        sink.add(0x11F, c -> c.bufferSize());       // MAX_RESPONSE_SIZE
        sink.add(0x120, c -> Hashes.MAX_DIGEST_SIZE);
        sink.add(0x121, c -> c.version().structSizes().maxObjectContext());
        sink.add(0x122, c -> c.version().structSizes().maxSessionContext());
        sink.add(0x123, c -> c.version().platformFamily());
        sink.add(0x124, c -> platform(c.version()).level());
        sink.add(0x125, c -> platform(c.version()).revision());
        sink.add(0x126, c -> platform(c.version()).dayOfYear());
        sink.add(0x127, c -> platform(c.version()).year());
        sink.add(0x128, c -> 128);                  // SPLIT_MAX: sizeof(commitArray) * 8
        sink.add(0x129, c -> c.table().size());     // TOTAL_COMMANDS
        sink.add(0x12A, c -> c.table().size());     // LIBRARY_COMMANDS
        sink.add(0x12B, c -> 0);                    // VENDOR_COMMANDS
        sink.add(0x12C, c -> 1024);                 // NV_BUFFER_MAX: MAX_NV_BUFFER_SIZE
        sink.add(0x12D, c -> 0);                    // MODES: not FIPS_COMPLIANT
        sink.add(0x12E, c -> CapabilityProvider.MAX_CAP_DATA + 8); // MAX_CAP_BUFFER
    }

    private static EmulatedLibtpms.SpecVersion platform(EmulatedLibtpms version) {
        return version.platform();
    }
}
