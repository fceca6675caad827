package org.swtpmjava.ioctl;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.swtpmjava.ctrl.CtrlRequest;
import org.swtpmjava.ctrl.CtrlResponse;
import org.swtpmjava.ctrl.CtrlResult;

/**
 * Runs one parsed command over one control connection and prints what swtpm_ioctl prints
 * (swtpm-protocol.md §6). Exit status 0 on success, 1 on any transport error or non-zero
 * TPM result.
 */
final class IoctlCommands {

    /** GET_INFO answers at most this many JSON bytes per response (PTM_GETINFO_SIZE). */
    static final int GETINFO_CHUNK = 3072;

    private final Invocation invocation;
    private final String program;
    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;
    private final int replyTimeoutMillis;

    IoctlCommands(Invocation invocation, String program, PrintStream out, PrintStream err, InputStream in,
                  int replyTimeoutMillis) {
        this.invocation = invocation;
        this.program = program;
        this.out = out;
        this.err = err;
        this.in = in;
        this.replyTimeoutMillis = replyTimeoutMillis;
    }

    int run() {
        Transport transport = invocation.transport();
        if (transport instanceof Transport.Device device) {
            return refuseDevice(device.path());
        }
        CtrlClient client;
        try {
            client = connect(transport);
        } catch (CtrlClient.ConnectFailure e) {
            err.println(e.getMessage());
            return 1;
        }
        int status = dispatch(client);
        try {
            client.close();
        } catch (IOException e) {
            // the command's outcome stands; the C tool does not check close() either
        }
        return status;
    }

    private CtrlClient connect(Transport transport) throws CtrlClient.ConnectFailure {
        if (transport instanceof Transport.Tcp tcp) {
            return CtrlClient.connectTcp(tcp.host(), tcp.port(), replyTimeoutMillis);
        }
        return CtrlClient.connectUnix(((Transport.Unix) transport).path(), replyTimeoutMillis);
    }

    /**
     * A device path selects the CUSE interface, which works through ioctl() calls Java cannot
     * make. A path that cannot be opened gets the C tool's message; an openable one is refused.
     */
    private int refuseDevice(String path) {
        try {
            FileChannel.open(Path.of(path), StandardOpenOption.READ, StandardOpenOption.WRITE).close();
            err.println("Unable to use device '" + path + "': CUSE devices are not supported by swtpm-java;"
                    + " use --unix or --tcp.");
        } catch (IOException | RuntimeException e) {
            err.println("Unable to open device '" + path + "'.");
        }
        return 1;
    }

    private int dispatch(CtrlClient client) {
        Invocation inv = invocation;
        switch (inv.command()) {
            case "-c":
                return capability(client);
            case "-i":
                return simple(client, new CtrlRequest.Init(CtrlRequest.Init.DELETE_VOLATILE), "PTM_INIT", "PTM_INIT");
            case "-e":
                return established(client);
            case "-r":
                return simple(client, new CtrlRequest.ResetTpmEstablished(inv.locality()),
                        "PTM_RESET_ESTABLISHED", "PTM_RESET_TPMESTABLISHED");
            case "-s":
                return simple(client, new CtrlRequest.Shutdown(), "PTM_SHUTDOWN", "PTM_SHUTDOWN");
            case "--stop":
                return simple(client, new CtrlRequest.Stop(), "PTM_STOP", "PTM_STOP");
            case "-l":
                return simple(client, new CtrlRequest.SetLocality(inv.locality()), "PTM_SET_LOCALITY",
                        "PTM_SET_LOCALITY");
            case "-h":
                return new HashSequence(client, err, in).run(inv.hashData());
            case "-C":
                return simple(client, new CtrlRequest.CancelTpmCmd(), "PTM_CANCEL_TPM_CMD", "PTM_CANCEL_TPM_CMD");
            case "-v":
                return simple(client, new CtrlRequest.StoreVolatile(), "PTM_STORE_VOLATILE", "PTM_STORE_VOLATILE");
            case "--save":
                return new StateBlobFiles(client, err).save(inv.blobType(), inv.blobFile());
            case "--load":
                return new StateBlobFiles(client, err).load(inv.blobType(), inv.blobFile());
            case "-g":
                return config(client);
            case "-b":
                return bufferSize(client);
            case "--info":
                return info(client);
            case "--lock-storage":
                return lockStorage(client);
            default:
                // Any other text, e.g. an abbreviation like "--sto" that getopt accepted.
                UsageText.printUsage(out, program);
                return 1;
        }
    }

    private int capability(CtrlClient client) {
        CtrlResponse r = execute(client, new CtrlRequest.GetCapability(), "PTM_GET_CAPABILITY");
        if (r == null || failed(r, "PTM_GET_CAPABILITY")) {
            return 1;
        }
        int caps = ((CtrlResponse.Capability) r).capabilities();
        out.println("ptm capability is 0x" + Integer.toHexString(caps));
        return 0;
    }

    private int established(CtrlClient client) {
        CtrlResponse r = execute(client, new CtrlRequest.GetTpmEstablished(), "PTM_GET_ESTABLISHED");
        if (r == null || failed(r, "PTM_GET_TPMESTABLISHED")) {
            return 1;
        }
        out.println("tpmEstablished is " + (((CtrlResponse.TpmEstablished) r).established() ? 1 : 0));
        return 0;
    }

    private int config(CtrlClient client) {
        CtrlResponse r = execute(client, new CtrlRequest.GetConfig(), "PTM_GET_CONFIG");
        if (r == null || failed(r, "PTM_GET_CONFIG")) {
            return 1;
        }
        out.println("ptm configuration flags: 0x" + Integer.toHexString(((CtrlResponse.Config) r).flags()));
        return 0;
    }

    private int bufferSize(CtrlClient client) {
        CtrlResponse r = execute(client, new CtrlRequest.SetBufferSize(invocation.bufferSize()), "PTM_SET_BUFFERSIZE");
        if (r == null || failed(r, "PTM_SET_BUFFERSIZE")) {
            return 1;
        }
        CtrlResponse.BufferSize b = (CtrlResponse.BufferSize) r;
        out.println("TPM buffersize: " + Integer.toUnsignedString(b.size()));
        out.println("minimum size  : " + Integer.toUnsignedString(b.minimum()));
        out.println("maximum size  : " + Integer.toUnsignedString(b.maximum()));
        return 0;
    }

    /** Fetches the JSON slice by slice (as swtpm HEAD does; 0.7.1 asked once) and prints it. */
    private int info(CtrlClient client) {
        int offset = 0;
        CtrlResponse.Info info;
        do {
            CtrlResponse r = execute(client, new CtrlRequest.GetInfo(invocation.infoFlags(), offset), "PTM_GET_INFO");
            if (r == null || failed(r, "PTM_GET_INFO")) {
                return 1;
            }
            info = (CtrlResponse.Info) r;
            int length = info.data().length;
            if (length > GETINFO_CHUNK) {
                err.println("TPM returned an invalid length of " + length + ", expected maximum " + GETINFO_CHUNK);
                return 1;
            }
            offset += length;
            // printf("%s"): the slice up to its NUL (the last slice carries the string's end).
            int end = 0;
            while (end < length && info.data()[end] != 0) {
                end++;
            }
            out.write(info.data(), 0, end);
            if (length == 0) {
                break; // a server that makes no progress would otherwise be asked forever
            }
        } while (Integer.compareUnsigned(offset, info.totalLength()) < 0);
        out.println();
        return 0;
    }

    private int lockStorage(CtrlClient client) {
        // swtpm HEAD sends 0 retries whatever the argument (§6), and prints a non-zero result
        // byte-swapped (it converts the result from big endian twice); both are kept.
        CtrlResponse r = execute(client, new CtrlRequest.LockStorage(0), "PTM_LOCK_STORAGE");
        if (r == null) {
            return 1;
        }
        if (r.result() != CtrlResult.SUCCESS) {
            err.println("TPM result from PTM_LOCK_STORAGE: 0x" + Integer.toHexString(Integer.reverseBytes(r.result())));
            return 1;
        }
        return 0;
    }

    /** A command whose only answer is the result. */
    private int simple(CtrlClient client, CtrlRequest request, String executeName, String resultName) {
        CtrlResponse r = execute(client, request, executeName);
        return r == null || failed(r, resultName) ? 1 : 0;
    }

    /** Sends the request; on a transport failure prints "Could not execute ..." and returns null. */
    private CtrlResponse execute(CtrlClient client, CtrlRequest request, String name) {
        try {
            return client.transact(request);
        } catch (IOException e) {
            err.println("Could not execute " + name + ": " + Errno.describe(e));
            return null;
        }
    }

    private boolean failed(CtrlResponse r, String name) {
        if (r.result() == CtrlResult.SUCCESS) {
            return false;
        }
        err.println("TPM result from " + name + ": 0x" + Integer.toHexString(r.result()));
        return true;
    }
}
