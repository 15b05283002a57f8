package io.ductstream.controlplane.cli;

import io.ductstream.controlplane.config.ServerSettings;
import io.ductstream.controlplane.dev.DevPostgres;
import io.ductstream.controlplane.metrics.ProcessMetrics;
import io.ductstream.controlplane.server.ApiServer;
import io.ductstream.controlplane.server.ApiServices;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/ductstream}: runs the gRPC API server until SIGTERM or SIGINT. Settings come from the
 * {@code DUCTSTREAM_*} environment; {@code --dev} brings its own embedded PostgreSQL as the store.
 */
@Command(
    name = "ductstream",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Runs the DuctStream gRPC API server until SIGTERM or SIGINT: migrates the store (schema",
      "ductstream) and serves the ductstream.v1 FlowService, CheckpointService and DDLService,",
      "grpc.health.v1 and, when asked, server reflection.",
      "",
      "Environment: DUCTSTREAM_POSTGRES_DSN (the store; required unless --dev),",
      "DUCTSTREAM_GRPC_LISTEN [:8080 = 127.0.0.1:8080; 0.0.0.0:8080 for every interface],",
      "DUCTSTREAM_GRPC_TLS_CERT, DUCTSTREAM_GRPC_TLS_KEY [none: plaintext],",
      "DUCTSTREAM_GRPC_TLS_CLIENT_CA [none: no client certificates], DUCTSTREAM_API_TOKEN [none],",
      "DUCTSTREAM_METRICS_LISTEN [none: no /metrics; :9464 = 127.0.0.1:9464],",
      "DUCTSTREAM_GRPC_REFLECTION [false; true with --dev], DUCTSTREAM_GRPC_INSECURE [false],",
      "DUCTSTREAM_WIRE_FORMAT [arrow], DUCTSTREAM_WIRE_ENFORCE [true],",
      "DUCTSTREAM_CONNECT_URL [none: flows are stored, not applied to Kafka Connect],",
      "DUCTSTREAM_CONNECT_BOOTSTRAP_SERVERS [none], DUCTSTREAM_RECONCILE_INTERVAL [10s: how often",
      "flows on Kafka Connect get their state and checkpoint from their connectors],",
      "DUCTSTREAM_DBOS_ENABLED [false: flow runs as durable DBOS workflows], DUCTSTREAM_DBOS_APP",
      "[ductstream], DUCTSTREAM_DBOS_QUEUE [ductstream], DUCTSTREAM_DBOS_SCHEDULE [none; 6-field cron",
      "with seconds, e.g. \"*/10 * * * * *\"], DUCTSTREAM_DBOS_MAX_EMPTY_READS [1]."
    },
    footer = {
      "",
      "Examples:",
      "  ductstream quickstart --rows 2000 --duration 20   # end to end on embedded parts; see its --help",
      "  ductstream --dev                                  # the API on :8080, store in .ductstream-dev/",
      "  DUCTSTREAM_POSTGRES_DSN=\"postgres://user:pass@localhost:5432/ductstream?sslmode=disable\" ductstream"
    })
public final class ApiServerMain implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ApiServerMain.class);

  private final Map<String, String> env;
  private final Path workingDirectory;

  @Spec private CommandSpec spec;

  @Option(
      names = "--dev",
      description = {
        "Start an embedded PostgreSQL as the store, with its data in .ductstream-dev/pg so flows survive",
        "restarts (ignored when DUCTSTREAM_POSTGRES_DSN is set), and serve server reflection."
      })
  private boolean dev;

  @Option(
      names = "--dev-port",
      paramLabel = "PORT",
      defaultValue = "" + DevPostgres.DEFAULT_PORT,
      description = "Port of the embedded PostgreSQL in --dev mode (default: ${DEFAULT-VALUE}).")
  private int devPort;

  public ApiServerMain(Map<String, String> env, Path workingDirectory) {
    this.env = env;
    this.workingDirectory = workingDirectory;
  }

  public static void main(String[] args) {
    System.exit(commandLine(System.getenv(), Path.of("")).execute(args));
  }

  static CommandLine commandLine(Map<String, String> env, Path workingDirectory) {
    return OneLineErrors.configure(new CommandLine(new ApiServerMain(env, workingDirectory)), env);
  }

  @Override
  public Integer call() throws InterruptedException {
    ServerSettings settings = ServerSettings.read(env);
    if (dev) {
      settings = settings.withReflection();
    }
    ProcessMetrics metrics = ProcessMetrics.start(env);
    DevPostgres devStore = null;
    if (dev && settings.postgresDsn().isPresent()) {
      log.warn(
          "{} is set, so --dev starts no embedded PostgreSQL; using {}",
          ServerSettings.POSTGRES_DSN,
          settings.postgresDsn().get().masked());
    } else if (dev) {
      devStore =
          DevPostgres.start(workingDirectory.resolve(DevPostgres.DEFAULT_DATA_DIRECTORY), devPort);
      settings = settings.withPostgresDsn(devStore.dsn());
      spec.commandLine()
          .getOut()
          .println(
              "ductstream --dev: the store is an embedded PostgreSQL on localhost:"
                  + devStore.dsn().port()
                  + " (password in "
                  + DevPostgres.passwordFile(
                      workingDirectory.resolve(DevPostgres.DEFAULT_DATA_DIRECTORY))
                  + "); for bin/ductstream-worker use "
                  + ServerSettings.POSTGRES_DSN
                  + "=\"postgres://postgres:$(cat "
                  + DevPostgres.DEFAULT_DATA_DIRECTORY
                      .getParent()
                      .resolve(DevPostgres.PASSWORD_FILE)
                  + ")@localhost:"
                  + devStore.dsn().port()
                  + "/postgres?sslmode=disable\"");
      spec.commandLine().getOut().flush();
    }

    ApiServer server = new ApiServer(settings, ApiServices.create(settings, metrics));
    Runtime.getRuntime()
        .addShutdownHook(new Thread(stopAll(server, devStore, metrics), "ductstream-shutdown"));
    try {
      server.start();
    } catch (IOException e) {
      throw new CommandFailure(
          "cannot listen on "
              + settings.grpcListen()
              + " ("
              + e.getMessage()
              + "); set "
              + ServerSettings.GRPC_LISTEN
              + " to a free address, e.g. \":8081\" (loopback) or \"0.0.0.0:8081\"",
          e);
    }
    server.awaitTermination();
    return 0;
  }

  /** The API server drains first, then the store it was writing to goes away. */
  private static Runnable stopAll(ApiServer server, DevPostgres devStore, ProcessMetrics metrics) {
    return () -> {
      server.stop();
      metrics.close();
      if (devStore != null) {
        devStore.close();
      }
    };
  }
}
