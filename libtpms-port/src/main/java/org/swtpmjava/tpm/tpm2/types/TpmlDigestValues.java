package org.swtpmjava.tpm.tpm2.types;

import java.util.ArrayList;
import java.util.List;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;

/** TPML_DIGEST_VALUES (Part 2, Table 110): at most HASH_COUNT TPMT_HA values. */
public record TpmlDigestValues(List<Digest> digests) {

    /** TPMT_HA (Part 2, Table 80): hashAlg and a digest of exactly that algorithm's size. */
    public record Digest(int hashAlg, byte[] digest) {
        public Digest {
            digest = digest.clone();
        }

        @Override
        public byte[] digest() {
            return digest.clone();
        }
    }

    public TpmlDigestValues {
        digests = List.copyOf(digests);
    }

    /**
     * A count above HASH_COUNT is TPM_RC_SIZE; a hashAlg that is not an implemented hash (TPM_ALG_NULL
     * included) is TPM_RC_HASH.
     */
    public static TpmlDigestValues unmarshal(TpmReader reader) {
        long count = reader.readU32Unsigned();
        if (count > Hashes.IMPLEMENTED.size()) {
            throw new TpmRcException(TpmRc.SIZE);
        }
        List<Digest> digests = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            int hashAlg = reader.readU16();
            if (!Hashes.isImplemented(hashAlg)) {
                throw new TpmRcException(TpmRc.HASH);
            }
            digests.add(new Digest(hashAlg, reader.readBytes(Hashes.digestSize(hashAlg))));
        }
        return new TpmlDigestValues(digests);
    }

    public void marshal(TpmWriter writer) {
        writer.writeU32(digests.size());
        for (Digest digest : digests) {
            writer.writeU16(digest.hashAlg()).writeBytes(digest.digest());
        }
    }
}
