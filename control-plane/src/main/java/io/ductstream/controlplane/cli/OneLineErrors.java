package io.ductstream.controlplane.cli;

import io.ductstream.controlplane.config.KnownVariables;
import io.ductstream.controlplane.config.SettingsException;
import io.ductstream.controlplane.dev.DevPostgresException;
import io.ductstream.controlplane.flowfile.FlowFileException;
import io.ductstream.controlplane.store.StoreException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.RunLast;

/**
 * Turns an exception from a command into one line on stderr, {@code <command>: <message>}, never a
 * stack trace. Errors the user can fix (settings, store, flow file, {@link CommandFailure}) exit
 * with 2, anything else with 1. Bad flags are one line too, {@code <command>: <what>; see
 * '<command> --help'}, exit 2.
 */
final class OneLineErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {
  static final int USER_ERROR = 2;
  static final int INTERNAL_ERROR = 1;

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
    String name = command.getCommandSpec().root().name();
    if (isUserError(e)) {
      command.getErr().println(name + ": " + e.getMessage());
      command.getErr().flush();
      return USER_ERROR;
    }
    // the logger is made here, not when the class loads: a run that only parses its arguments
    // (--help, a bad flag) sets up no logging (the quick start's would create its log file)
    Logger log = LoggerFactory.getLogger(OneLineErrors.class);
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

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    String name = command.getCommandSpec().root().name();
    String message = e.getMessage() == null ? "" : e.getMessage().strip().replace('\n', ' ');
    command
        .getErr()
        .println(
            name
                + ": "
                + message
                + "; see '"
                + command.getCommandSpec().qualifiedName()
                + " --help'");
    command.getErr().flush();
    return USER_ERROR;
  }

  /**
   * Applies the conventions the three CLIs share to {@code command}; before it runs, it warns on
   * stderr of each {@code DUCTSTREAM_*} variable of {@code env} it does not know.
   */
  static CommandLine configure(CommandLine command, Map<String, String> env) {
    OneLineErrors handler = new OneLineErrors();
    return command
        .setExecutionExceptionHandler(handler)
        .setParameterExceptionHandler(handler)
        .setExecutionStrategy(
            parseResult -> {
              warnUnknownVariables(parseResult.commandSpec().commandLine(), env);
              return new RunLast().execute(parseResult);
            })
        .setPosixClusteredShortOptionsAllowed(false)
        .setCaseInsensitiveEnumValuesAllowed(true);
  }

  private static void warnUnknownVariables(CommandLine command, Map<String, String> env) {
    String name = command.getCommandSpec().root().name();
    for (String warning : KnownVariables.warnings(env)) {
      command.getErr().println(name + ": warning: " + warning);
    }
    command.getErr().flush();
  }
}
