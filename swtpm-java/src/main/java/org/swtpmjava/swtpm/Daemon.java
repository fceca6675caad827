package org.swtpmjava.swtpm;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.swtpmjava.store.crypto.StateKey;
import org.swtpmjava.swtpm.cli.OptionException;
import org.swtpmjava.swtpm.cli.SocketConfig;
import org.swtpmjava.swtpm.instance.CtrlDispatcher;
import org.swtpmjava.swtpm.instance.InstanceSettings;
import org.swtpmjava.swtpm.instance.Lifecycle;
import org.swtpmjava.swtpm.instance.VtpmInstance;
import org.swtpmjava.swtpm.log.SwtpmLog;
import org.swtpmjava.swtpm.transport.CtrlConnection;
import org.swtpmjava.swtpm.transport.Listener;

/**
 * A running {@code swtpm socket}: its sockets, pid file, vTPM and exit. The control socket
 * is bound first, before crypto and logging load, so it exists quickly after exec
 * (libvirt gives a new swtpm about a second).
 */
final class Daemon implements Lifecycle {

    private final SocketConfig config;
    private final List<Path> socketPaths = new ArrayList<>();
    private final CountDownLatch exited = new CountDownLatch(1);
    private final AtomicBoolean exiting = new AtomicBoolean();
    /** Set by CMD_SHUTDOWN before its reply, and by {@link #exit()}. */
    private final AtomicBoolean ending = new AtomicBoolean();
    private final OpenSockets openSockets = new OpenSockets();
    private SwtpmLog log;
    private PidFile pidFile;
    private VtpmInstance instance;
    private DataChannels data;

    Daemon(SocketConfig config, SwtpmLog log) {
        this.config = config;
        this.log = log;
    }

    /** Binds, starts serving and returns; failures are reported as swtpm's messages. */
    void start() throws OptionException, IOException, Startup.StartupFailure {
        ChannelSockets sockets = ChannelSockets.open(config, socketPaths);
        Warmup.inBackground();
        log = Logs.open(config.log(), log);
        if (config.pid() != null) {
            if (config.pid().file() != null) {
                pidFile = PidFile.write(config.pid().file());
            } else {
                PidFile.writeFd(config.pid().fd());
            }
        }
        StateKey fileKey = KeyLoader.load(config.key());
        StateKey migrationKey = KeyLoader.load(config.migrationKey());
        SocketConfig.Flags flags = config.flags();
        InstanceSettings settings = new InstanceSettings(config.tpm2(), config.locality().rejectLocality4(),
                config.locality().allowSetLocality(), !flags.disableAutoShutdown(),
                config.migration().incoming(), fileKey != null, migrationKey != null);
        // the linear backend's "Formatting '…' as new linear NVRAM store" goes to the log, as in swtpm
        instance = new VtpmInstance(settings, Stores.opener(config, fileKey, notice -> log.error(notice)),
                Engines::tpm2, log);
        data = new DataChannels(instance, log, config.terminate(), this::exit, ending::get, openSockets);

        if (flags.startsAtLaunch()) {
            Startup.run(instance, flags.startup(), log);
        }
        boolean ctrlTerminate = config.ctrl() != null && config.ctrl().terminate();
        CtrlDispatcher dispatcher = new CtrlDispatcher(instance, this, fileKey, migrationKey, ctrlTerminate);
        sockets.registerIn(openSockets);
        if (sockets.ctrlListener() != null) {
            acceptControlClients(sockets.ctrlListener(), dispatcher);
        } else if (sockets.ctrlClient() != null) {
            startThread("ctrl-client", new CtrlConnection(sockets.ctrlClient(), dispatcher, log));
        }
        if (sockets.dataListener() != null) {
            data.serveListener(sockets.dataListener(), config.server().disconnect());
        } else if (sockets.dataClient() != null) {
            data.serveConnected(sockets.dataClient());
        }
    }

    /** Unlike swtpm 0.7.1, which serves one control client at a time, every client is served at once. */
    private void acceptControlClients(Listener listener, CtrlDispatcher dispatcher) {
        startThread("ctrl-listener", () -> {
            while (!listener.isClosed()) {
                try {
                    Socket client = openSockets.add(listener.accept());
                    startThread("ctrl-client", () -> {
                        new CtrlConnection(client, dispatcher, log).run();
                        openSockets.remove(client);
                    });
                } catch (IOException e) {
                    if (listener.isClosed()) {
                        return;
                    }
                }
            }
        });
    }

    private static void startThread(String name, Runnable body) {
        Thread t = new Thread(null, body, name, 256 * 1024);
        t.setDaemon(true);
        t.start();
    }

    /** Blocks until {@link #exit()} ran. */
    void awaitExit() throws InterruptedException {
        exited.await();
    }

    @Override
    public boolean offerDataFd(java.io.FileDescriptor fd) {
        return data.offerDataFd(fd);
    }

    @Override
    public void exitRequested() {
        ending.set(true);
    }

    /** Graceful end: TPM2_Shutdown, state written, lock released, pid file and socket paths removed. */
    @Override
    public void exit() {
        ending.set(true);
        if (!exiting.compareAndSet(false, true)) {
            return;
        }
        if (instance != null) {
            instance.close();
        }
        if (pidFile != null) {
            pidFile.remove();
        }
        for (Path p : socketPaths) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // nothing left to do at exit
            }
        }
        openSockets.closeAll();
        log.close();
        exited.countDown();
    }
}
