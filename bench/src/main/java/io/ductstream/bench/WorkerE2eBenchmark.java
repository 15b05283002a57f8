package io.ductstream.bench;

import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.controlplane.flow.Endpoint;
import io.ductstream.controlplane.flow.EndpointType;
import io.ductstream.controlplane.flow.FlowDefinition;
import io.ductstream.controlplane.flow.FlowOptions;
import io.ductstream.controlplane.flow.FlowState;
import io.ductstream.controlplane.flow.FlowValidator;
import io.ductstream.controlplane.flow.WireFormatPolicy;
import io.ductstream.controlplane.store.FlowStore;
import io.ductstream.controlplane.store.StoreMigrations;
import io.ductstream.controlplane.translate.ConnectorChecks;
import io.ductstream.controlplane.translate.FlowTranslator;
import io.ductstream.format.WireFormat;
import io.ductstream.format.parquet.BytesInputFile;
import io.ductstream.format.parquet.ParquetFileReader;
import io.ductstream.testkit.S3Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code worker-e2e} (issue 16): the anchor workload from Postgres to S3 Parquet objects through
 * {@code bin/ductstream-worker -max-empty-reads 1}, a process of its own as users run it, against
 * PostgreSQL's own limit (pg_recvlogical) on the same WAL in the same run. Each run has its own
 * flow, slot (created before the load) and bucket prefix; its objects are read back and their rows
 * counted. The worker's peak RSS and CPU seconds are its own process's (/proc). Target: ratio at
 * least 0.9, peak RSS at most 512 MB.
 */
final class WorkerE2eBenchmark implements Benchmark {
  private static final String STORE_DATABASE = "ductstream_store";
  private static final Path WORKER = Path.of("bin", "ductstream-worker");
  private static final Path DIST_LIB = Path.of("dist", "target", "ductstream", "lib");

  /** The worker's JVM flags unless DUCTSTREAM_BENCH_WORKER_OPTS sets them. */
  static final String DEFAULT_WORKER_OPTS = "-Xmx256m";

  static final String WORKER_OPTS_ENV = "DUCTSTREAM_BENCH_WORKER_OPTS";

  /** Rows per Parquet object: ten objects per million changes. */
  static final int FLUSH_SIZE = 100_000;

  @Override
  public String name() {
    return "worker-e2e";
  }

  @Override
  public String description() {
    return "bin/ductstream-worker -max-empty-reads 1 from Postgres to S3 Parquet on the anchor"
        + " workload, as a ratio to pg_recvlogical, with the worker's peak RSS and CPU seconds";
  }

  @Override
  public Result run(BenchOptions options) throws Exception {
    requireDistribution();
    AnchorWorkload workload = new AnchorWorkload(options.rows());
    String workerOpts =
        Optional.ofNullable(System.getenv(WORKER_OPTS_ENV))
            .filter(s -> !s.isBlank())
            .orElse(DEFAULT_WORKER_OPTS);
    S3Server s3 = S3Server.shared();
    String bucket = s3.createBucket("bench-worker");
    try (BenchFixture bench = BenchFixture.start(workload)) {
      bench.createDatabase(STORE_DATABASE);
      String storeUrl = bench.postgresUrl(STORE_DATABASE);
      PostgresDsn store = PostgresDsn.parse(storeUrl);
      StoreMigrations.migrate(store);
      FlowStore flows = new FlowStore(store);
      WalsenderLimit limit = new WalsenderLimit(bench);
      List<String> flowIds = new ArrayList<>();
      String endLsn;
      try (Connection c = bench.connect()) {
        for (int run = 1; run <= options.runs(); run++) {
          limit.createSlot(c, "limit_" + run);
          // the flow's slot too is made before the load: the worker streams the whole load
          limit.createSlot(c, workerSlot(run));
          flowIds.add(createFlow(flows, bench, s3, bucket, run));
        }
        endLsn = bench.load(c);
      }

      int runs = options.runs();
      double[] seconds = new double[runs];
      double[] rates = new double[runs];
      double[] limitRates = new double[runs];
      double[] ratios = new double[runs];
      long[] rss = new long[runs];
      double[] cpu = new double[runs];
      for (int run = 0; run < runs; run++) {
        double limitSeconds =
            limit.secondsToStream("limit_" + (run + 1), endLsn, AnchorWorkload.PUBLICATION);
        limitRates[run] = workload.changes() / limitSeconds;
        WorkerRun worker =
            WorkerRun.run(
                List.of(WORKER.toString(), "-flow-id", flowIds.get(run), "-max-empty-reads", "1"),
                Map.of("DUCTSTREAM_POSTGRES_DSN", storeUrl, "JAVA_OPTS", workerOpts),
                Path.of("bench", "target", "worker-e2e-run" + (run + 1) + ".log"));
        seconds[run] = worker.seconds();
        rates[run] = workload.changes() / seconds[run];
        ratios[run] = rates[run] / limitRates[run];
        rss[run] = worker.peakRssMb();
        cpu[run] = worker.cpuSeconds();
        ObjectCount objects = objects(s3.client(), bucket, prefix(run + 1));
        System.out.printf(
            "run %d: worker %.2f s (%s), %.0f rows/s, peak RSS %d MB, CPU %.1f s;"
                + " pg_recvlogical %.2f s, %.0f rows/s; ratio %.2f; %d Parquet objects, %.1f MB,"
                + " %d rows read back%n",
            run + 1,
            seconds[run],
            worker.summary(),
            rates[run],
            rss[run],
            cpu[run],
            limitSeconds,
            limitRates[run],
            ratios[run],
            objects.count(),
            objects.bytes() / (1024.0 * 1024.0),
            objects.rows());
        if (objects.rows() != workload.changes()) {
          throw new BenchException(
              "the worker wrote "
                  + objects.rows()
                  + " rows to s3://"
                  + bucket
                  + "/"
                  + prefix(run + 1)
                  + " for the "
                  + workload.changes()
                  + " changes of the load; its log: "
                  + worker.log());
        }
      }
      System.out.printf(
          "time runs from starting bin/ductstream-worker (JVM %s) to its exit once caught up, all"
              + " objects uploaded and the checkpoint stored; flush_size %d, Parquet snappy;"
              + " peak RSS (VmHWM) and CPU seconds are the worker process's, medians of the runs%n",
          workerOpts, FLUSH_SIZE);
      return new Result(name())
          .add("rows", workload.changes())
          .add("seconds", Measurements.median(seconds), 1)
          .add("rows_per_s", Math.round(Measurements.median(rates)))
          .add("limit_rows_per_s", Math.round(Measurements.median(limitRates)))
          .add("ratio", Measurements.median(ratios), 2)
          .add("peak_rss_mb", Math.round(Measurements.median(toDoubles(rss))))
          .add("cpu_s", Measurements.median(cpu), 1)
          .add("runs", runs);
    }
  }

  private static void requireDistribution() throws IOException {
    boolean built;
    try (var jars = Files.list(DIST_LIB)) {
      built = jars.anyMatch(p -> p.getFileName().toString().startsWith("ductstream-control-plane"));
    } catch (NoSuchFileException e) {
      built = false;
    }
    if (!built) {
      throw new BenchException(
          "bin/ductstream-worker needs the distribution in "
              + DIST_LIB
              + "; build it first: mvn -q -B package -DskipTests -pl dist -am");
    }
  }

  private static String workerSlot(int run) {
    return "worker_" + run;
  }

  private static String prefix(int run) {
    return "run" + run;
  }

  /** Stores a validated flow: the anchor table's slot of this run to Parquet under its prefix. */
  private static String createFlow(
      FlowStore flows, BenchFixture bench, S3Server s3, String bucket, int run) {
    Endpoint source =
        new Endpoint(
            "pg",
            EndpointType.POSTGRES,
            Map.of(
                FlowOptions.DSN,
                bench.postgresUrl(BenchFixture.DATABASE),
                FlowOptions.SLOT,
                workerSlot(run),
                FlowOptions.CREATE_SLOT,
                "false",
                FlowOptions.PUBLICATION,
                AnchorWorkload.PUBLICATION,
                FlowOptions.SNAPSHOT_MODE,
                "never"));
    Map<String, String> lake = new HashMap<>();
    lake.put(FlowOptions.BUCKET, bucket);
    lake.put(FlowOptions.PREFIX, prefix(run));
    lake.put(FlowOptions.REGION, S3Server.REGION);
    lake.put(FlowOptions.ENDPOINT, s3.endpoint().toString());
    lake.put(FlowOptions.FORCE_PATH_STYLE, "true");
    lake.put(FlowOptions.ACCESS_KEY, S3Server.ACCESS_KEY);
    lake.put(FlowOptions.SECRET_KEY, S3Server.SECRET_KEY);
    lake.put(FlowOptions.FORMAT, "parquet");
    lake.put(FlowOptions.COMPRESSION, "snappy");
    lake.put(FlowOptions.FLUSH_SIZE, Integer.toString(FLUSH_SIZE));
    FlowDefinition flow =
        new FlowDefinition(
            "bench-worker-" + run,
            "bench_worker_" + run,
            source,
            List.of(new Endpoint("lake", EndpointType.S3, lake)),
            FlowState.CREATED,
            Optional.of(WireFormat.AVRO),
            1,
            Instant.EPOCH,
            Instant.EPOCH);
    WireFormatPolicy policy = new WireFormatPolicy(WireFormat.AVRO, true);
    new FlowValidator(policy, new ConnectorChecks(new FlowTranslator(policy, Optional.empty())))
        .validate(flow);
    return flows.insert(flow).id();
  }

  private record ObjectCount(long count, long bytes, long rows) {}

  private static ObjectCount objects(S3Client s3, String bucket, String prefix) throws Exception {
    long count = 0;
    long bytes = 0;
    long rows = 0;
    for (S3Object object :
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + "/")).contents()) {
      if (!object.key().endsWith(".parquet")) {
        continue;
      }
      count++;
      bytes += object.size();
      byte[] data = s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.key())).asByteArray();
      rows += ParquetFileReader.readAll(new BytesInputFile(data)).size();
    }
    return new ObjectCount(count, bytes, rows);
  }

  private static double[] toDoubles(long[] values) {
    double[] doubles = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      doubles[i] = values[i];
    }
    return doubles;
  }
}
