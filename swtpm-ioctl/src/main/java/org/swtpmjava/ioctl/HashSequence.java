package org.swtpmjava.ioctl;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.Arrays;

import org.swtpmjava.ctrl.CtrlRequest;
import org.swtpmjava.ctrl.CtrlResponse;
import org.swtpmjava.ctrl.CtrlResult;

/**
 * {@code -h <data>}: HASH_START, HASH_DATA in chunks of at most 4096 bytes, HASH_END
 * (swtpm-protocol.md §2.4.6, §6). With "-" the data come from stdin; as in the C tool the
 * last chunk sent is the one shorter than 4096 bytes, so input whose length is a multiple of
 * 4096 (or empty input) ends with a zero-length HASH_DATA.
 */
final class HashSequence {

    /** sizeof(ptm_hdata.u.req.data). */
    static final int CHUNK = 4096;

    private final CtrlClient client;
    private final PrintStream err;
    private final InputStream stdin;

    HashSequence(CtrlClient client, PrintStream err, InputStream stdin) {
        this.client = client;
        this.err = err;
        this.stdin = stdin;
    }

    int run(String data) {
        if (!step(new CtrlRequest.HashStart(), "PTM_HASH_START")) {
            return 1;
        }
        boolean ok = data.equals("-") ? hashStdin() : hashArgument(data);
        if (!ok) {
            return 1;
        }
        return step(new CtrlRequest.HashEnd(), "PTM_HASH_END") ? 0 : 1;
    }

    private boolean hashArgument(String data) {
        // The C tool hashes the argument's bytes as the system passed them.
        byte[] bytes = data.getBytes(Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8")));
        for (int offset = 0; offset < bytes.length; offset += CHUNK) {
            byte[] chunk = Arrays.copyOfRange(bytes, offset, Math.min(bytes.length, offset + CHUNK));
            if (!step(new CtrlRequest.HashData(chunk), "PTM_HASH_DATA")) {
                return false;
            }
        }
        return true;
    }

    private boolean hashStdin() {
        while (true) {
            byte[] chunk;
            try {
                chunk = stdin.readNBytes(CHUNK);
            } catch (IOException e) {
                chunk = new byte[0]; // fgetc() reports a read error as EOF
            }
            if (!step(new CtrlRequest.HashData(chunk), "PTM_HASH_DATA")) {
                return false;
            }
            if (chunk.length < CHUNK) {
                return true;
            }
        }
    }

    /** One request of the sequence; prints the C tool's message and returns false on failure. */
    private boolean step(CtrlRequest request, String name) {
        CtrlResponse response;
        try {
            response = client.transact(request);
        } catch (IOException e) {
            err.println("Could not execute ioctl " + name + ": " + Errno.describe(e));
            return false;
        }
        if (response.result() != CtrlResult.SUCCESS) {
            err.println("TPM result from " + name + ": 0x" + Integer.toHexString(response.result()));
            return false;
        }
        return true;
    }
}
