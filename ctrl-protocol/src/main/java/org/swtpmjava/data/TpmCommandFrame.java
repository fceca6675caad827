package org.swtpmjava.data;

/**
 * One TPM command as read from the data channel.
 *
 * @param command        the TPM packet (header and all), as received
 * @param prefixLocality the locality of the 9-byte TPM_SEND_COMMAND prefix, or -1 if the
 *                       command came raw; a prefixed command's reply is wrapped too
 */
public record TpmCommandFrame(byte[] command, int prefixLocality) {

    public boolean prefixed() {
        return prefixLocality >= 0;
    }
}
