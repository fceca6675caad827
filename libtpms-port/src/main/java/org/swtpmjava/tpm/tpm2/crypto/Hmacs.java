package org.swtpmjava.tpm.tpm2.crypto;

import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/** HMAC over concatenated parts with an implemented hash (RFC 2104). */
public final class Hmacs {
    private Hmacs() {
    }

    public static byte[] hmac(int hashAlg, byte[] key, byte[]... parts) {
        HMac hmac = new HMac(Hashes.newDigest(hashAlg));
        hmac.init(new KeyParameter(key));
        for (byte[] part : parts) {
            hmac.update(part, 0, part.length);
        }
        byte[] out = new byte[hmac.getMacSize()];
        hmac.doFinal(out, 0);
        return out;
    }
}
