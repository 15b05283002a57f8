package io.ductstream.controlplane.config;

import com.cronutils.model.Cron;
import dev.dbos.transact.execution.SchedulerService;
import io.ductstream.controlplane.Causes;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code DUCTSTREAM_DBOS_*} settings of the API server: whether flow runs go through DBOS, its
 * application and queue names, and the cron schedule that enqueues runs of the running flows. The
 * empty reads that end a run are {@link ServerSettings#DBOS_MAX_EMPTY_READS}, shared with
 * RunFlowOnce without DBOS.
 *
 * @param schedule a 6-field cron expression with seconds (checked with the parser DBOS schedules
 *     with); empty: runs only by RunFlowOnce
 */
public record DbosSettings(
    boolean enabled, String appName, String queueName, Optional<String> schedule) {

  public static final String ENABLED = "DUCTSTREAM_DBOS_ENABLED";
  public static final String APP = "DUCTSTREAM_DBOS_APP";
  public static final String QUEUE = "DUCTSTREAM_DBOS_QUEUE";
  public static final String SCHEDULE = "DUCTSTREAM_DBOS_SCHEDULE";

  public static final String DEFAULT_APP = "ductstream";
  public static final String DEFAULT_QUEUE = "ductstream";

  /** Names DBOS keeps in its tables; a leading underscore is DBOS's own (_dbos_internal_queue). */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

  private static final String CRON_FORMAT =
      "6 fields with seconds first: second minute hour day-of-month month day-of-week, e.g."
          + " \"*/10 * * * * *\" (every 10 seconds) or \"0 */5 * * * *\" (every 5 minutes)";

  /** DBOS off: flows run as without it. */
  public static DbosSettings disabled() {
    return new DbosSettings(false, DEFAULT_APP, DEFAULT_QUEUE, Optional.empty());
  }

  /**
   * Reads the DBOS settings. Without {@code DUCTSTREAM_DBOS_ENABLED=true} the other variables are
   * refused rather than ignored.
   *
   * @throws SettingsException naming the variable and the expected format
   */
  static DbosSettings read(Map<String, String> env) {
    boolean enabled =
        ServerSettings.value(env, ENABLED).map(v -> ServerSettings.bool(ENABLED, v)).orElse(false);
    Optional<String> app = ServerSettings.value(env, APP);
    Optional<String> queue = ServerSettings.value(env, QUEUE);
    Optional<String> schedule = ServerSettings.value(env, SCHEDULE);
    if (!enabled) {
      for (String name : new String[] {APP, QUEUE, SCHEDULE}) {
        if (ServerSettings.value(env, name).isPresent()) {
          throw new SettingsException(
              name
                  + " is set but "
                  + ENABLED
                  + " is not true, so nothing would use it; set "
                  + ENABLED
                  + "=true to run flows through DBOS, or unset "
                  + name);
        }
      }
      return disabled();
    }
    return new DbosSettings(
        true,
        app.map(v -> name(APP, v)).orElse(DEFAULT_APP),
        queue.map(v -> name(QUEUE, v)).orElse(DEFAULT_QUEUE),
        schedule.map(DbosSettings::cron));
  }

  private static String name(String variable, String value) {
    if (!NAME.matcher(value).matches()) {
      throw new SettingsException(
          variable
              + "=\""
              + value
              + "\" is not a name DBOS can use; use 1 to 100 letters, digits, '_', '.' or '-',"
              + " starting with a letter or digit, e.g. "
              + variable
              + "=ductstream");
    }
    return value;
  }

  private static String cron(String value) {
    cronProblem(value)
        .ifPresent(
            problem -> {
              throw new SettingsException(
                  SCHEDULE
                      + "=\""
                      + value
                      + "\" is not a cron schedule ("
                      + problem
                      + "); use "
                      + CRON_FORMAT);
            });
    return value;
  }

  /**
   * The parser's objection to {@code cron}, on one line, or empty when DBOS can schedule it (6
   * fields with seconds, Spring style).
   */
  private static Optional<String> cronProblem(String cron) {
    try {
      Cron parsed = SchedulerService.CRON_PARSER.parse(cron);
      parsed.validate();
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of(Causes.firstLine(e));
    }
  }
}
