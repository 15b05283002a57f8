package io.ductstream.controlplane.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.List;
import org.slf4j.Logger;

/**
 * The logging of the bin/ launchers, set up in code: what {@code logback.xml} says, without parsing
 * it (about 70 ms of every start). Only in a JVM a launcher started ({@value #LAUNCHER_PROPERTY}
 * set) and only when {@code -Dlogback.configurationFile} names no file of the user's; otherwise
 * logback goes on to its own configuration files as usual ({@code logback.xml} of this jar, {@code
 * logback-test.xml} in tests). {@code LauncherLoggingTest} keeps the two the same.
 */
public final class LauncherLogging extends ContextAwareBase implements Configurator {
  static final String LAUNCHER_PROPERTY = "ductstream.launcher";
  static final String CONFIGURATION_FILE_PROPERTY = "logback.configurationFile";
  static final String APPENDER = "STDERR";
  static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n";

  /** Loggers at WARN: libraries that say at INFO what a user of DuctStream need not read. */
  static final List<String> QUIET =
      List.of(
          "org.apache.kafka",
          "io.netty",
          "io.grpc.netty",
          "org.flywaydb",
          "org.apache.hadoop.io.compress.CodecPool",
          "io.zonky",
          "dev.dbos.transact.migrations",
          "com.zaxxer.hikari");

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty(LAUNCHER_PROPERTY) == null
        || System.getProperty(CONFIGURATION_FILE_PROPERTY) != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    apply(context);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** INFO to stderr, so stdout stays free for command output (JSON, the dev-mode DSN). */
  static void apply(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName(APPENDER);
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    for (String name : QUIET) {
      context.getLogger(name).setLevel(Level.WARN);
    }
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(stderr);
  }
}
