package org.swtpmjava.swtpm.log;

import java.util.function.Consumer;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * Writes swtpm log lines through Log4j 2 to a file ({@code --log file=}) or an inherited fd
 * ({@code --log fd=}, reopened through /proc/self/fd). Lines are written verbatim ("%m"):
 * the format is swtpm's, which tools parse. Configured in code: there is no config file
 * to find, and nothing of Log4j loads unless {@code --log} names a target.
 */
public final class Log4jSink implements Consumer<String>, AutoCloseable {

    private static final String LOGGER = "org.swtpmjava.swtpm.log";

    private final LoggerContext context;
    private final Logger logger;

    private Log4jSink(String fileName, boolean append) {
        ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
        b.setConfigurationName("swtpm-log");
        b.setStatusLevel(Level.OFF);
        b.add(b.newAppender("swtpm", "File")
                .addAttribute("fileName", fileName)
                .addAttribute("append", append)
                .addAttribute("immediateFlush", true)
                // swtpm creates its log file with mode 0600
                .addAttribute("filePermissions", "rw-------")
                .add(b.newLayout("PatternLayout").addAttribute("pattern", "%m")));
        // Only swtpm's own lines reach the file: libraries that log through Log4j (Netty does
        // once it finds it) stay silent, as swtpm's log has nothing of theirs.
        b.add(b.newRootLogger(Level.OFF));
        b.add(b.newLogger(LOGGER, Level.ALL).add(b.newAppenderRef("swtpm")).addAttribute("additivity", false));
        context = Configurator.initialize(b.build());
        logger = context.getLogger(LOGGER);
    }

    /** A log file, appended to unless {@code truncate}. */
    public static Log4jSink toFile(String path, boolean truncate) {
        return new Log4jSink(path, !truncate);
    }

    /** An fd the process inherited (a file or pipe). */
    public static Log4jSink toFd(int fd) {
        return new Log4jSink("/proc/self/fd/" + fd, true);
    }

    @Override
    public void accept(String line) {
        logger.info(line);
    }

    @Override
    public void close() {
        Configurator.shutdown(context);
    }
}
