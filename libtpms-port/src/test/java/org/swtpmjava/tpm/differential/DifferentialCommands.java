package org.swtpmjava.tpm.differential;

import java.nio.ByteBuffer;

/** Command builders shared by the differential tests. */
final class DifferentialCommands {
    static final int NO_SESSIONS = 0x8001;
    static final int SESSIONS = 0x8002;

    private DifferentialCommands() {
    }

    static byte[] getCapability(long capability, long property, long count) {
        return ByteBuffer.allocate(22).putShort((short) NO_SESSIONS).putInt(22).putInt(0x17A)
                .putInt((int) capability).putInt((int) property).putInt((int) count).array();
    }

    static String sessions(String... sessions) {
        String area = String.join("", sessions).replace(" ", "");
        return String.format("%08x", area.length() / 2) + area;
    }
}
