package io.ductstream.controlplane.cli;

import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.controlplane.config.ServerSettings;
import io.ductstream.controlplane.flow.FlowDefinition;
import io.ductstream.controlplane.flow.WireFormatPolicy;
import io.ductstream.controlplane.metrics.DdlBacklog;
import io.ductstream.controlplane.metrics.ProcessMetrics;
import io.ductstream.controlplane.runtime.BackfillRequest;
import io.ductstream.controlplane.runtime.FlowRunException;
import io.ductstream.controlplane.runtime.RunOptions;
import io.ductstream.controlplane.runtime.Warmup;
import io.ductstream.controlplane.store.CheckpointStore;
import io.ductstream.controlplane.store.DdlEventStore;
import io.ductstream.controlplane.store.FlowStore;
import io.ductstream.controlplane.store.StoreConnections;
import io.ductstream.controlplane.store.StoreMigrations;
import io.ductstream.controlplane.translate.DdlGovernance;
import io.ductstream.controlplane.translate.FlowTranslator;
import io.ductstream.controlplane.worker.TableName;
import io.ductstream.controlplane.worker.WorkerMode;
import io.ductstream.controlplane.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.postgresql.replication.LogSequenceNumber;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code bin/ductstream-worker}: runs one flow in its own process. Flags are those of the original
 * worker; each is also accepted with two dashes ({@code --flow-id}).
 */
@Command(
    name = "ductstream-worker",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Runs one flow in its own process (e.g. one Kubernetes pod per flow, or a scheduled run with",
      "-max-empty-reads 1). The store is DUCTSTREAM_POSTGRES_DSN, as for bin/ductstream;",
      "DUCTSTREAM_METRICS_LISTEN [none] serves /metrics (:9464 = 127.0.0.1:9464)."
    },
    footer = {
      "",
      "Examples:",
      "  export DUCTSTREAM_POSTGRES_DSN=\"postgres://user:pass@localhost:5432/ductstream?sslmode=disable\"",
      "  ductstream-worker -flow-id 3f0c...        # run until SIGTERM (drains, checkpoints, exits 0)",
      "  ductstream-worker -flow-id 3f0c... -max-empty-reads 1   # stop once caught up",
      "  ductstream-worker -flow-id 3f0c... -start-lsn 0/16B3748 # start streaming at this LSN",
      "  ductstream-worker -flow-id 3f0c... -mode backfill -tables public.orders   # copy again, then exit"
    })
public final class WorkerMain implements Callable<Integer> {
  private final Map<String, String> env;

  @Spec private CommandSpec spec;

  @Option(
      names = {"-flow-id", "--flow-id"},
      required = true,
      paramLabel = "ID",
      description = "Id of the flow to run.")
  private String flowId;

  @Option(
      names = {"-max-empty-reads", "--max-empty-reads"},
      paramLabel = "N",
      defaultValue = "0",
      converter = NonNegative.class,
      description =
          "Stop after N empty reads in a row; 0 runs until stopped (default: ${DEFAULT-VALUE}).")
  private int maxEmptyReads;

  @Option(
      names = {"-start-lsn", "--start-lsn"},
      paramLabel = "X/XXXXXXXX",
      converter = Lsn.class,
      description = "Start streaming at this LSN instead of the flow's checkpoint.")
  private LogSequenceNumber startLsn;

  @Option(
      names = {"-mode", "--mode"},
      paramLabel = "cdc|backfill",
      defaultValue = "cdc",
      converter = Mode.class,
      description =
          "cdc streams changes; backfill also copies -tables again while streaming goes on, then"
              + " exits once they are copied and it is caught up (default: ${DEFAULT-VALUE}).")
  private WorkerMode mode;

  @Option(
      names = {"-tables", "--tables"},
      paramLabel = "schema.t,...",
      split = ",",
      converter = Table.class,
      description = "Tables -mode backfill copies (default: every table the flow captures).")
  private List<TableName> tables = List.of();

  @Option(
      names = {"-snapshot-workers", "--snapshot-workers"},
      paramLabel = "N",
      converter = Positive.class,
      description =
          "Parallel readers of the initial snapshot (default: the source's snapshot_workers option).")
  private Integer snapshotWorkers;

  public WorkerMain(Map<String, String> env) {
    this.env = env;
  }

  public static void main(String[] args) {
    System.exit(commandLine(System.getenv()).execute(args));
  }

  static CommandLine commandLine(Map<String, String> env) {
    return OneLineErrors.configure(new CommandLine(new WorkerMain(env)), env);
  }

  @Override
  public Integer call() {
    // the second core loads the S3 and Parquet classes while this thread reads the store and flow
    Warmup.startInBackground();
    WorkerOptions options =
        new WorkerOptions(
            flowId,
            maxEmptyReads,
            Optional.ofNullable(startLsn),
            mode,
            tables,
            snapshotWorkers == null ? OptionalInt.empty() : OptionalInt.of(snapshotWorkers));
    ServerSettings settings = ServerSettings.read(env);
    PostgresDsn store = settings.requirePostgresDsn();
    try (ProcessMetrics metrics = ProcessMetrics.start(env);
        StoreConnections connections = StoreConnections.unpooled(store)) {
      StoreMigrations.migrate(store);
      FlowStore flows = new FlowStore(connections, settings.secretsKey());
      FlowDefinition flow =
          flows
              .find(options.flowId())
              .orElseThrow(
                  () ->
                      new CommandFailure(
                          "flow \""
                              + options.flowId()
                              + "\" not found in "
                              + store.masked()
                              + "; list the flows with bin/ductstream-admin flow list"));
      boolean backfill = options.mode() == WorkerMode.BACKFILL;
      if (!options.tables().isEmpty() && !backfill) {
        throw new CommandFailure(
            "-tables only applies with -mode backfill; the flow's tables are its source's"
                + " publication_tables");
      }
      FlowTranslator translator =
          new FlowTranslator(
              new WireFormatPolicy(settings.wireFormat(), settings.wireEnforce()),
              Optional.empty(),
              new DdlGovernance(Optional.of(store), settings.ddl()));
      Optional<List<String>> backfillTables = Optional.empty();
      if (backfill) {
        List<String> requested = options.tables().stream().map(TableName::toString).toList();
        try {
          BackfillRequest.check(flow, translator, requested);
        } catch (FlowRunException e) {
          throw new CommandFailure(e.getMessage());
        }
        backfillTables = Optional.of(requested);
      }
      RunOptions run =
          new RunOptions(
              // a backfill run ends once its tables are copied and it is caught up
              backfill ? Math.max(1, options.maxEmptyReads()) : options.maxEmptyReads(),
              options.startLsn().map(LogSequenceNumber::asString),
              options.snapshotWorkers(),
              backfillTables,
              Duration.ofSeconds(1),
              Duration.ofSeconds(10));
      DdlBacklog.publish(new DdlEventStore(connections), Optional.of(flow.id()), metrics);
      return FlowProcess.run(
          flow,
          run,
          translator,
          new CheckpointStore(connections),
          flows,
          store,
          metrics,
          spec.commandLine().getOut());
    }
  }

  /** {@code X/XXXXXXXX}, as PostgreSQL prints an LSN (pg_current_wal_lsn()). */
  static final class Lsn implements ITypeConverter<LogSequenceNumber> {
    @Override
    public LogSequenceNumber convert(String value) {
      try {
        return LogSequenceNumber.valueOf(io.ductstream.contract.pg.Lsn.parse(value).value());
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class Mode implements ITypeConverter<WorkerMode> {
    @Override
    public WorkerMode convert(String value) {
      return WorkerMode.fromId(value)
          .orElseThrow(
              () ->
                  new TypeConversionException(
                      "\"" + value + "\" is not a mode; use cdc or backfill"));
    }
  }

  static final class Table implements ITypeConverter<TableName> {
    @Override
    public TableName convert(String value) {
      try {
        return TableName.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class NonNegative implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int number = integer(value);
      if (number < 0) {
        throw new TypeConversionException(value + " is negative; use 0 or more");
      }
      return number;
    }
  }

  static final class Positive implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int number = integer(value);
      if (number < 1) {
        throw new TypeConversionException(value + " is not positive; use 1 or more");
      }
      return number;
    }
  }

  private static int integer(String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("\"" + value + "\" is not a whole number");
    }
  }
}
