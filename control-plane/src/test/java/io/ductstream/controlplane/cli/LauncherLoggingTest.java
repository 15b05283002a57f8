package io.ductstream.controlplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The launchers' logging in code says what logback.xml says, and gives way to a user's file. */
class LauncherLoggingTest {
  @Test
  void theCodeSetsUpWhatLogbackXmlSays() throws Exception {
    LoggerContext fromXml = new LoggerContext();
    JoranConfigurator joran = new JoranConfigurator();
    joran.setContext(fromXml);
    joran.doConfigure(LauncherLogging.class.getResource("/logback.xml"));
    LoggerContext fromCode = new LoggerContext();
    LauncherLogging.apply(fromCode);

    assertThat(levels(fromCode)).isEqualTo(levels(fromXml)).containsEntry("ROOT", "INFO");
    assertThat(describe(rootAppenders(fromCode))).isEqualTo(describe(rootAppenders(fromXml)));
  }

  @Test
  void onlyALauncherWithoutAConfigurationFileOfTheUsersSetsItUpInCode() {
    String launcher = System.getProperty(LauncherLogging.LAUNCHER_PROPERTY);
    String file = System.getProperty(LauncherLogging.CONFIGURATION_FILE_PROPERTY);
    try {
      System.clearProperty(LauncherLogging.LAUNCHER_PROPERTY);
      System.clearProperty(LauncherLogging.CONFIGURATION_FILE_PROPERTY);
      assertThat(configure()).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY); // tests, embedding

      System.setProperty(LauncherLogging.LAUNCHER_PROPERTY, "ductstream-worker");
      LoggerContext context = new LoggerContext();
      LauncherLogging configurator = new LauncherLogging();
      configurator.setContext(context);
      assertThat(configurator.configure(context))
          .isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
      assertThat(rootAppenders(context)).hasSize(1);

      System.setProperty(LauncherLogging.CONFIGURATION_FILE_PROPERTY, "/etc/ductstream/log.xml");
      assertThat(configure()).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    } finally {
      restore(LauncherLogging.LAUNCHER_PROPERTY, launcher);
      restore(LauncherLogging.CONFIGURATION_FILE_PROPERTY, file);
    }
  }

  private static ExecutionStatus configure() {
    LoggerContext context = new LoggerContext();
    LauncherLogging configurator = new LauncherLogging();
    configurator.setContext(context);
    ExecutionStatus status = configurator.configure(context);
    if (status != ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY) {
      assertThat(rootAppenders(context)).isEmpty(); // left to logback's files
    }
    return status;
  }

  private static void restore(String property, String value) {
    if (value == null) {
      System.clearProperty(property);
    } else {
      System.setProperty(property, value);
    }
  }

  /** Every logger given a level of its own, by name. */
  private static Map<String, String> levels(LoggerContext context) {
    Map<String, String> levels = new TreeMap<>();
    for (Logger logger : context.getLoggerList()) {
      if (logger.getLevel() != null) {
        levels.put(logger.getName(), logger.getLevel().toString());
      }
    }
    return levels;
  }

  private static List<Appender<ILoggingEvent>> rootAppenders(LoggerContext context) {
    List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
    Iterator<Appender<ILoggingEvent>> it =
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
    it.forEachRemaining(appenders::add);
    return appenders;
  }

  private static List<String> describe(List<Appender<ILoggingEvent>> appenders) {
    List<String> described = new ArrayList<>();
    for (Appender<ILoggingEvent> appender : appenders) {
      ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) appender;
      described.add(
          console.getName()
              + " "
              + console.getTarget()
              + " "
              + ((PatternLayoutEncoder) console.getEncoder()).getPattern()
              + " started="
              + console.isStarted());
    }
    return described;
  }
}
