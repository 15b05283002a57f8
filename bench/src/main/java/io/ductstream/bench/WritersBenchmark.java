package io.ductstream.bench;

import io.ductstream.format.BatchWriter;
import io.ductstream.format.BatchWriterOptions;
import io.ductstream.format.BatchWriters;
import io.ductstream.format.WireFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;

/**
 * {@code writers}: encode throughput of every format's batch writer on the anchor row, built as
 * Connect structs in memory (no servers). Each format writes {@code -n} rows (cycling through a
 * pool of distinct rows) to a byte-counting sink, after a warm-up; the figure is the median of
 * {@code --runs} (wall clock; the writing thread's CPU time is printed too, since the machine is
 * shared). The RESULT names the slowest format. Then the Parquet file of the same rows is compared
 * with DuckDB's own COPY ... TO parquet, when node and DuckDB's npm package are there.
 */
final class WritersBenchmark implements Benchmark {
  private static final int POOL_ROWS = 65_536;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Override
  public String name() {
    return "writers";
  }

  @Override
  public String description() {
    return "batch writer encode throughput per wire format on the anchor row (no servers)";
  }

  @Override
  public Result run(BenchOptions options) throws Exception {
    long rows = options.rows();
    Struct[] pool = pool((int) Math.min(POOL_ROWS, rows));
    Map<WireFormat, double[]> figures = new EnumMap<>(WireFormat.class);
    WireFormat slowest = null;
    for (WireFormat format : WireFormat.values()) {
      writeAll(format, pool, Math.min(rows, 300_000)); // warm-up: JIT, codec libraries
      double[] seconds = new double[options.runs()];
      double[] cpuSeconds = new double[options.runs()];
      long bytes = 0;
      for (int run = 0; run < options.runs(); run++) {
        long start = System.nanoTime();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        bytes = writeAll(format, pool, rows);
        seconds[run] = (System.nanoTime() - start) / 1e9;
        cpuSeconds[run] = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9;
      }
      double median = Measurements.median(seconds);
      double cpuMedian = Measurements.median(cpuSeconds);
      figures.put(format, new double[] {median, bytes, cpuMedian});
      System.out.printf(
          Locale.ROOT,
          "writers: %-7s %,12.0f rows/s %8.1f MB/s %,14d bytes (median of %d: %.3f s;"
              + " writer thread CPU %.3f s = %,.0f rows/s)%n",
          format.configName(),
          rows / median,
          bytes / median / 1e6,
          bytes,
          options.runs(),
          median,
          cpuMedian,
          rows / cpuMedian);
      if (slowest == null || median > figures.get(slowest)[0]) {
        slowest = format;
      }
    }
    compareWithDuckDb(rows);
    double[] worst = figures.get(slowest);
    return new Result(name())
        .add("rows", rows)
        .add("seconds", worst[0], 3)
        .add("rows_per_s", Math.round(rows / worst[0]))
        .add("mb_per_s", worst[1] / worst[0] / 1e6, 1)
        .add("slowest", slowest.configName())
        .add("cpu_rows_per_s", Math.round(rows / worst[2]))
        .add("peak_rss_mb", Measurements.peakRssMb());
  }

  private static Struct[] pool(int size) {
    WriterRows generator = new WriterRows();
    Struct[] pool = new Struct[size];
    for (int i = 0; i < size; i++) {
      pool[i] = generator.row(i + 1);
    }
    return pool;
  }

  /** Writes {@code rows} rows through one writer; returns the file's size. */
  private static long writeAll(WireFormat format, Struct[] pool, long rows) throws IOException {
    ByteCounter sink = new ByteCounter();
    try (BatchWriter writer =
        BatchWriters.create(format, WriterRows.ROW, sink, BatchWriterOptions.defaults())) {
      for (long i = 0; i < rows; i++) {
        writer.write(pool[(int) (i % pool.length)]);
      }
    }
    return sink.count;
  }

  /** Our snappy Parquet of ids 1..rows against DuckDB's COPY of the same values. */
  private static void compareWithDuckDb(long rows) throws Exception {
    Path dir = Files.createTempDirectory("ductstream-writers");
    try {
      Path ours = dir.resolve("ours.parquet");
      WriterRows generator = new WriterRows();
      try (OutputStream out = Files.newOutputStream(ours);
          BatchWriter writer =
              BatchWriters.create(
                  WireFormat.PARQUET, WriterRows.ROW, out, BatchWriterOptions.defaults())) {
        for (long i = 1; i <= rows; i++) {
          writer.write(generator.row(i));
        }
      }
      Long duckdb = DuckDbParquet.copySize(dir.resolve("duckdb.parquet"), rows);
      if (duckdb == null) {
        System.out.printf(
            Locale.ROOT,
            "writers: parquet size (snappy) ours %,d bytes; DuckDB comparison skipped%n",
            Files.size(ours));
        return;
      }
      System.out.printf(
          Locale.ROOT,
          "writers: parquet size (snappy, %d rows) ours %,d bytes, DuckDB COPY %,d bytes, ratio %.2f%n",
          rows,
          Files.size(ours),
          duckdb,
          (double) Files.size(ours) / duckdb);
    } finally {
      try (var files = Files.list(dir)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  /** Counts bytes and drops them: measures encoding, not the disk. */
  private static final class ByteCounter extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
