package io.ductstream.controlplane.cli;

import io.ductstream.controlplane.config.SettingsException;
import io.ductstream.controlplane.dev.DevPostgresException;
import io.ductstream.controlplane.flowfile.FlowFileException;
import io.ductstream.controlplane.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception from a command into one line on stderr, {@code <command>: <message>}, never a
 * stack trace. Errors the user can fix (settings, store, flow file, {@link CommandFailure}) exit
 * with 2, anything else with 1.
 */
final class OneLineErrors implements IExecutionExceptionHandler {
  static final int USER_ERROR = 2;
  static final int INTERNAL_ERROR = 1;

  private static final Logger log = LoggerFactory.getLogger(OneLineErrors.class);

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
    String name = command.getCommandSpec().root().name();
    if (isUserError(e)) {
      command.getErr().println(name + ": " + e.getMessage());
      command.getErr().flush();
      return USER_ERROR;
    }
    log.debug("{} failed", name, e);
    command.getErr().println(name + ": internal error: " + e);
    command.getErr().flush();
    return INTERNAL_ERROR;
  }

  private static boolean isUserError(Exception e) {
    return e instanceof CommandFailure
        || e instanceof SettingsException
        || e instanceof StoreException
        || e instanceof FlowFileException
        || e instanceof DevPostgresException;
  }

  /** Applies the conventions the three CLIs share to {@code command}. */
  static CommandLine configure(CommandLine command) {
    return command
        .setExecutionExceptionHandler(new OneLineErrors())
        .setPosixClusteredShortOptionsAllowed(false)
        .setCaseInsensitiveEnumValuesAllowed(true);
  }
}
