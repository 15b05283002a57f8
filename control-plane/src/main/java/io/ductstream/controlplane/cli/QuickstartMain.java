package io.ductstream.controlplane.cli;

import io.ductstream.api.v1.Flow;
import io.ductstream.api.v1.FlowServiceGrpc;
import io.ductstream.api.v1.FlowServiceGrpc.FlowServiceBlockingStub;
import io.ductstream.api.v1.FlowStatus;
import io.ductstream.api.v1.RunProgress;
import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.controlplane.cli.admin.ByteSize;
import io.ductstream.controlplane.config.QuickstartSettings;
import io.ductstream.controlplane.config.ServerSettings;
import io.ductstream.controlplane.dev.DevPostgres;
import io.ductstream.controlplane.flow.DurationText;
import io.ductstream.controlplane.quickstart.ChangeGenerator;
import io.ductstream.controlplane.quickstart.EmbeddedS3;
import io.ductstream.controlplane.quickstart.QuickstartFlow;
import io.ductstream.controlplane.quickstart.SampleShop;
import io.ductstream.controlplane.quickstart.WrittenObjects;
import io.ductstream.controlplane.server.ApiServer;
import io.ductstream.controlplane.server.ApiServices;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * {@code bin/ductstream quickstart}: DuctStream end to end with nothing installed. An embedded
 * PostgreSQL holds the store and the sample tables (schema {@code shop}) with a live load of
 * inserts, updates and deletes on them; the API server runs in this process; the quick start's flow
 * file is created through the gRPC API; the server runs the flow, a snapshot then streaming, into
 * Parquet objects on an embedded S3 server whose objects are files under the data directory. Every
 * embedded part gives way to the real one named in the environment.
 */
@Command(
    name = "ductstream quickstart",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Runs DuctStream end to end on embedded parts: a PostgreSQL with sample tables (shop.customers,",
      "orders, order_items, every_type) under a live load, the API server, the flow of",
      "examples/flows/quickstart.json created over gRPC, and an S3 server whose objects are files in",
      "the data directory: a snapshot, then every change as Parquet. A progress line every second;",
      "on Ctrl-C or at the end, what was written and how to query it. A second run goes on where",
      "the first stopped.",
      "",
      "Environment (each replaces an embedded part; see docs/quickstart.md):",
      "DUCTSTREAM_POSTGRES_DSN (the store), DUCTSTREAM_QUICKSTART_SOURCE_DSN (the sample tables' database),",
      "DUCTSTREAM_QUICKSTART_S3_ENDPOINT, DUCTSTREAM_QUICKSTART_S3_BUCKET [quickstart],",
      "DUCTSTREAM_QUICKSTART_S3_REGION [us-east-1], DUCTSTREAM_QUICKSTART_S3_ACCESS_KEY,",
      "DUCTSTREAM_QUICKSTART_S3_SECRET_KEY; DUCTSTREAM_GRPC_LISTEN [:8080] for the API server."
    },
    footer = {
      "",
      "Examples:",
      "  bin/ductstream quickstart                          # until Ctrl-C",
      "  bin/ductstream quickstart --rows 2000 --duration 20 # ends by itself, exit 0",
      "  bin/ductstream-admin flow status -id ID --watch    # in another terminal"
    })
public final class QuickstartMain implements Callable<Integer> {
  static final String BUCKET = "quickstart";
  static final String ACCESS_KEY = "quickstart";
  static final String SECRET_KEY = "quickstart-secret";
  static final String SOURCE_DATABASE = "quickstart";
  static final int DEFAULT_PG_PORT = 54339;
  static final double DEFAULT_RATE = 200;
  static final Duration CATCH_UP_WAIT = Duration.ofSeconds(120);

  private final Map<String, String> env;
  private final Path workingDirectory;
  private volatile boolean interrupted;

  @Spec private CommandSpec spec;

  @Option(
      names = {"--rows", "-rows"},
      paramLabel = "N",
      defaultValue = "0",
      converter = WorkerMain.NonNegative.class,
      description = "Stop the load after it changed N rows (default: 0, no limit).")
  private int rows;

  @Option(
      names = {"--duration", "-duration"},
      paramLabel = "S",
      defaultValue = "0",
      converter = Seconds.class,
      description =
          "Stop the load after S seconds (or e.g. 2m); the quick start then waits until every"
              + " change is in S3, prints its summary and exits 0 (default: 0, no limit).")
  private Duration duration;

  @Option(
      names = {"--rate", "-rate"},
      paramLabel = "ROWS",
      description =
          "Rows the load changes per second (default: --rows over --duration when both are given,"
              + " else 200).")
  private Double rate;

  @Option(
      names = {"--data-dir", "-data-dir"},
      paramLabel = "DIR",
      defaultValue = "quickstart-data",
      description =
          "Where the embedded PostgreSQL (pg/) and S3 objects (s3/BUCKET/...) live; a second run"
              + " reuses them (default: ${DEFAULT-VALUE}).")
  private Path dataDir;

  @Option(
      names = {"--pg-port", "-pg-port"},
      paramLabel = "PORT",
      defaultValue = "" + DEFAULT_PG_PORT,
      description = "Port of the embedded PostgreSQL (default: ${DEFAULT-VALUE}).")
  private int pgPort;

  @Option(
      names = {"--s3-port", "-s3-port"},
      paramLabel = "PORT",
      description =
          "Port of the embedded S3 server (default: the PostgreSQL port + 1); the flow stores its"
              + " endpoint, so keep it from run to run.")
  private Integer s3Port;

  @Option(
      names = {"--flow-file", "-flow-file"},
      paramLabel = "FILE",
      description = "The flow file (default: examples/flows/quickstart.json of this distribution).")
  private Path flowFile;

  public QuickstartMain(Map<String, String> env, Path workingDirectory) {
    this.env = env;
    this.workingDirectory = workingDirectory;
  }

  public static void main(String[] args) {
    // before the first logger (none is made while the arguments are parsed): the log goes to a
    // file, the terminal shows the progress line
    Path logFile = dataDirectory(args).resolve("quickstart.log");
    System.setProperty("ductstream.quickstart.log", logFile.toString());
    System.setProperty("logback.configurationFile", "logback-quickstart.xml");
    System.exit(commandLine(System.getenv(), Path.of("")).execute(args));
  }

  static CommandLine commandLine(Map<String, String> env, Path workingDirectory) {
    return OneLineErrors.configure(new CommandLine(new QuickstartMain(env, workingDirectory)), env);
  }

  /** The --data-dir of the arguments, read before picocli (the log file lives there). */
  private static Path dataDirectory(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if ((arg.equals("--data-dir") || arg.equals("-data-dir")) && i + 1 < args.length) {
        return Path.of(args[i + 1]);
      }
      if (arg.startsWith("--data-dir=") || arg.startsWith("-data-dir=")) {
        return Path.of(arg.substring(arg.indexOf('=') + 1));
      }
    }
    return Path.of("quickstart-data");
  }

  @Override
  public Integer call() throws Exception {
    ServerSettings settings = ServerSettings.read(env);
    QuickstartSettings quick = QuickstartSettings.read(env);
    if (settings.apiAccess().tls().isPresent()) {
      throw new CommandFailure(
          "the quick start serves its API in plaintext on this machine; unset "
              + ServerSettings.GRPC_TLS_CERT
              + " and "
              + ServerSettings.GRPC_TLS_KEY);
    }
    PrintWriter out = spec.commandLine().getOut();
    Path data = workingDirectory.resolve(dataDir);
    Files.createDirectories(data);
    List<AutoCloseable> parts = new ArrayList<>();
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              interrupted = true;
              try {
                finished.await(150, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "ductstream-quickstart-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return run(settings, quick, data, out, parts);
    } finally {
      for (int i = parts.size() - 1; i >= 0; i--) {
        try {
          parts.get(i).close();
        } catch (Exception e) {
          spec.commandLine().getErr().println("ductstream quickstart: stopping: " + e.getMessage());
        }
      }
      finished.countDown();
      if (!interrupted) {
        Runtime.getRuntime().removeShutdownHook(hook);
      }
    }
  }

  private int run(
      ServerSettings settings,
      QuickstartSettings quick,
      Path data,
      PrintWriter out,
      List<AutoCloseable> parts)
      throws Exception {
    // PostgreSQL: the store and the source, embedded unless both are given
    PostgresDsn store;
    PostgresDsn source;
    if (settings.postgresDsn().isPresent() && quick.sourceDsn().isPresent()) {
      store = settings.postgresDsn().get();
      source = quick.sourceDsn().get();
    } else {
      out.println("starting an embedded PostgreSQL on localhost:" + pgPort + " (" + data + "/pg)");
      out.flush();
      DevPostgres postgres = DevPostgres.start(data.resolve("pg"), pgPort);
      parts.add(postgres);
      store = settings.postgresDsn().orElse(postgres.dsn());
      source = quick.sourceDsn().orElseGet(() -> database(postgres.dsn(), SOURCE_DATABASE));
    }
    try (Connection connection = connect(source)) {
      boolean seeded = SampleShop.prepare(connection);
      out.println(
          (seeded ? "created and filled" : "reusing")
              + " the sample tables shop."
              + String.join(", shop.", SampleShop.TABLES)
              + " in "
              + source.masked());
    }

    // S3: embedded unless an endpoint or bucket is given
    QuickstartFlow.S3Target target;
    Optional<Path> objectsOnDisk = Optional.empty();
    if (quick.embeddedS3()) {
      EmbeddedS3 s3 =
          EmbeddedS3.start(
              data.resolve("s3"), s3Port != null ? s3Port : pgPort + 1, ACCESS_KEY, SECRET_KEY);
      parts.add(s3);
      target =
          new QuickstartFlow.S3Target(
              Optional.of(s3.endpoint()),
              BUCKET,
              QuickstartSettings.DEFAULT_REGION,
              Optional.of(ACCESS_KEY),
              Optional.of(SECRET_KEY));
      objectsOnDisk = Optional.of(data.resolve("s3").resolve(BUCKET));
    } else {
      target =
          new QuickstartFlow.S3Target(
              quick.s3Endpoint(),
              quick.s3Bucket().orElse(BUCKET),
              quick.s3Region(),
              quick.s3AccessKey(),
              quick.s3SecretKey());
    }
    S3Client s3Client = s3Client(target);
    parts.add(s3Client);
    if (quick.embeddedS3()) {
      try {
        s3Client.createBucket(b -> b.bucket(BUCKET));
      } catch (BucketAlreadyOwnedByYouException alreadyThere) {
        // a second run
      }
    }

    // the API server, in this process, flows run by the server itself
    ServerSettings serverSettings = settings.withPostgresDsn(store);
    ApiServices services = ApiServices.create(serverSettings);
    ApiServer server = new ApiServer(serverSettings, services);
    try {
      server.start();
    } catch (IOException e) {
      services.close();
      throw new CommandFailure(
          "cannot listen on "
              + serverSettings.grpcListen()
              + " ("
              + e.getMessage()
              + "); set "
              + ServerSettings.GRPC_LISTEN
              + " to a free address, e.g. \":8081\"",
          e);
    }
    parts.add(server::stop);
    String endpoint = "localhost:" + server.port();
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    parts.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    FlowServiceBlockingStub stub = FlowServiceGrpc.newBlockingStub(channel);
    if (settings.apiAccess().token().isPresent()) {
      Metadata headers = new Metadata();
      headers.put(
          Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
          "Bearer " + settings.apiAccess().token().get());
      stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    // the flow, through the API
    Path file = flowFile != null ? flowFile : defaultFlowFile();
    String flowJson;
    try {
      flowJson = Files.readString(file);
    } catch (IOException e) {
      throw new CommandFailure(
          "cannot read the flow file " + file + " (" + e + "); give one with --flow-file", e);
    }
    QuickstartFlow flows = new QuickstartFlow(stub);
    Flow flow = QuickstartFlow.flow(flowJson, source, target);
    QuickstartFlow.Started started;
    try {
      started = flows.createOrReuse(flow);
    } catch (StatusRuntimeException e) {
      throw new CommandFailure(
          "the API refused the flow of " + file + ": " + e.getStatus().getDescription(), e);
    }
    String flowId = started.flow().getId();
    String prefix = s3Prefix(started.flow());
    out.println(
        (started.reused() ? "reusing flow " : "created flow ")
            + started.flow().getName()
            + " ("
            + flowId
            + ") from "
            + file
            + " through the API on "
            + endpoint);
    out.println(
        "watch it from another terminal: bin/ductstream-admin flow status -id "
            + flowId
            + " --watch -endpoint "
            + endpoint);
    out.flush();

    // the live load, and a progress line every second until it ends or Ctrl-C
    ChangeGenerator load;
    Connection loadConnection = connect(source);
    parts.add(loadConnection);
    double rowsPerSecond =
        rate != null
            ? rate
            : rows > 0 && !duration.isZero()
                ? Math.max(1, rows / Math.max(1.0, duration.toMillis() / 1000.0))
                : DEFAULT_RATE;
    load = new ChangeGenerator(loadConnection, rows, duration, rowsPerSecond);
    Thread loadThread = new Thread(load, "ductstream-quickstart-load");
    loadThread.start();
    boolean terminal = System.console() != null;
    long startedNanos = System.nanoTime();
    while (loadThread.isAlive() && !interrupted) {
      loadThread.join(1000);
      try {
        printProgress(
            out, terminal, flows.status(flowId), load, s3Client, target, prefix, startedNanos);
      } catch (StatusRuntimeException | software.amazon.awssdk.core.exception.SdkException e) {
        out.println("(no progress this second: " + e.getMessage() + ")");
      }
    }
    load.stop();
    loadThread.join();
    if (terminal) {
      out.println();
    }
    if (load.failure() != null) {
      throw new CommandFailure(
          "the sample load failed: " + load.failure().getMessage(), load.failure());
    }

    // everything committed so far into S3, then the flow paused (it uploads and checkpoints)
    out.println(
        "the load changed " + load.changedRows() + " rows; waiting until all of them are in S3");
    out.flush();
    boolean caughtUp;
    try (Connection connection = connect(source)) {
      caughtUp =
          flows.awaitCaughtUp(
              flowId, connection, interrupted ? Duration.ofSeconds(20) : CATCH_UP_WAIT);
    }
    FlowStatus last = flows.status(flowId);
    flows.pause(flowId);
    printSummary(out, s3Client, target, prefix, objectsOnDisk);
    if (!caughtUp) {
      throw new CommandFailure(
          "the flow did not catch up with the load in time (last error: "
              + (last.getLastError().isBlank() ? "none" : last.getLastError())
              + "); see "
              + dataDir.resolve("quickstart.log"));
    }
    return 0;
  }

  private void printProgress(
      PrintWriter out,
      boolean terminal,
      FlowStatus status,
      ChangeGenerator load,
      S3Client s3,
      QuickstartFlow.S3Target target,
      String prefix,
      long startedNanos) {
    long[] objects = WrittenObjects.count(s3, target.bucket(), prefix);
    StringBuilder line = new StringBuilder();
    line.append(
        String.format(Locale.ROOT, "[%3ds] ", (System.nanoTime() - startedNanos) / 1_000_000_000L));
    line.append(status.getState().name().replace("FLOW_STATE_", "").toLowerCase(Locale.ROOT));
    if (status.hasProgress()) {
      RunProgress progress = status.getProgress();
      line.append(" | snapshot ")
          .append(progress.getSnapshotPercent() < 0 ? "-" : progress.getSnapshotPercent() + "%")
          .append(
              String.format(
                  Locale.ROOT,
                  " | %,.0f rows/s | %,d rows",
                  progress.getRowsPerSecond(),
                  progress.getRows()))
          .append(" | lag ")
          .append(progress.getLagSeconds())
          .append(" s");
    } else {
      line.append(" | starting");
    }
    if (status.getSlot().getExists()) {
      line.append(", ").append(ByteSize.text(status.getSlot().getLagBytes())).append(" WAL");
    }
    line.append(
            String.format(Locale.ROOT, " | %,d objects, %s", objects[0], ByteSize.text(objects[1])))
        .append(String.format(Locale.ROOT, " | load %,d changes", load.changedRows()));
    if (!status.getLastError().isBlank()) {
      line.append(" | error: ").append(status.getLastError());
    }
    if (terminal) {
      out.print("\r" + line + "\033[K");
    } else {
      out.println(line);
    }
    out.flush();
  }

  private void printSummary(
      PrintWriter out,
      S3Client s3,
      QuickstartFlow.S3Target target,
      String prefix,
      Optional<Path> objectsOnDisk)
      throws IOException {
    List<WrittenObjects.Table> tables = WrittenObjects.tables(s3, target.bucket(), prefix);
    out.println();
    out.println(
        "Written to s3://"
            + target.bucket()
            + "/"
            + prefix
            + objectsOnDisk.map(p -> " (files in " + p.resolve(prefix) + ")").orElse("")
            + ":");
    out.println(
        String.format(Locale.ROOT, "  %-18s %8s %10s %12s", "TABLE", "OBJECTS", "ROWS", "BYTES"));
    long objects = 0;
    long rowsWritten = 0;
    long bytes = 0;
    for (WrittenObjects.Table table : tables) {
      out.println(
          String.format(
              Locale.ROOT,
              "  %-18s %8d %10d %12s",
              table.name(),
              table.objects(),
              table.rows(),
              ByteSize.text(table.bytes())));
      objects += table.objects();
      rowsWritten += table.rows();
      bytes += table.bytes();
    }
    out.println(
        String.format(
            Locale.ROOT,
            "  %-18s %8d %10d %12s",
            "total",
            objects,
            rowsWritten,
            ByteSize.text(bytes)));
    String orders =
        objectsOnDisk
            .map(p -> p.resolve(prefix).resolve("shop/orders").toString())
            .orElse("s3://" + target.bucket() + "/" + prefix + "shop/orders");
    out.println();
    out.println(
        "Query them with DuckDB (one row per change: __op c/u/d/r, __lsn, then the columns):");
    out.println(
        "  duckdb -c \"SELECT __op, count(*) AS changes, sum(total) AS total FROM read_parquet('"
            + orders
            + "/**/*.parquet') GROUP BY __op ORDER BY __op\"");
    out.println("or with pyarrow:");
    out.println(
        "  python3 -c \"import glob, pyarrow.parquet as pq;"
            + " t = pq.ParquetDataset(glob.glob('"
            + orders
            + "/**/*.parquet', recursive=True)).read();"
            + " print(t.group_by('__op').aggregate([('__op', 'count')]))\"");
    out.flush();
  }

  private Path defaultFlowFile() {
    String home = System.getProperty("ductstream.home");
    Path base = home == null ? workingDirectory : Path.of(home);
    return base.resolve("examples").resolve("flows").resolve("quickstart.json");
  }

  /** The S3 destination's prefix, ending in '/' unless empty. */
  private static String s3Prefix(Flow flow) {
    for (io.ductstream.api.v1.Endpoint destination : flow.getDestinationsList()) {
      if (destination.getType() == io.ductstream.api.v1.EndpointType.ENDPOINT_TYPE_S3) {
        String prefix = destination.getOptionsOrDefault("prefix", "");
        return prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
      }
    }
    throw new CommandFailure("the flow file has no s3 destination; the quick start writes to S3");
  }

  private static S3Client s3Client(QuickstartFlow.S3Target target) {
    S3ClientBuilder builder = S3Client.builder().region(Region.of(target.region()));
    target.endpoint().ifPresent(e -> builder.endpointOverride(e).forcePathStyle(true));
    if (target.accessKey().isPresent()) {
      builder.credentialsProvider(
          StaticCredentialsProvider.create(
              AwsBasicCredentials.create(target.accessKey().get(), target.secretKey().get())));
    }
    return builder.build();
  }

  /** {@code server}'s DSN on database {@code name}, created when missing. */
  private static PostgresDsn database(PostgresDsn server, String name) {
    try (Connection connection = connect(server);
        Statement statement = connection.createStatement()) {
      try (ResultSet rs =
          statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
        if (!rs.next()) {
          statement.execute("CREATE DATABASE " + name);
        }
      }
    } catch (SQLException e) {
      throw new CommandFailure(
          "cannot create the database " + name + " on " + server.masked() + ": " + e.getMessage(),
          e);
    }
    return new PostgresDsn(
        server.host(), server.port(), name, server.user(), server.password(), server.parameters());
  }

  private static Connection connect(PostgresDsn dsn) throws SQLException {
    return DriverManager.getConnection(dsn.jdbcUrl(), dsn.user(), dsn.password());
  }

  /** Whole seconds ({@code 20}) or a duration ({@code 2m}, {@code 90s}). */
  static final class Seconds implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        String text = value.trim();
        return text.chars().allMatch(Character::isDigit)
            ? Duration.ofSeconds(Long.parseLong(text))
            : DurationText.parse(text);
      } catch (RuntimeException e) {
        throw new TypeConversionException(
            "\"" + value + "\" is not a duration; use seconds (20) or e.g. 90s, 2m");
      }
    }
  }
}
