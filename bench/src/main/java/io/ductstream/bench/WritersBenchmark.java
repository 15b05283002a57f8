package io.ductstream.bench;

import io.ductstream.bench.EncodeThroughput.FormatThroughput;
import io.ductstream.bench.EncodeThroughput.Settings;
import io.ductstream.format.BatchWriter;
import io.ductstream.format.BatchWriterOptions;
import io.ductstream.format.BatchWriters;
import io.ductstream.format.WireFormat;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * {@code writers}: encode throughput of every format's batch writer and Kafka Connect converter on
 * the anchor row, built as Connect structs in memory (no servers), measured by JMH ({@link
 * EncodeThroughput}: one forked JVM per benchmark and format, medians of at least {@code --runs}
 * iterations). The RESULT line reports the slowest batch writer ({@code rows} is one file's rows,
 * {@code seconds} the time that file took; {@code peak_rss_mb} the largest forked JVM's). Then the
 * Parquet file of {@code -n} rows is compared with DuckDB's own COPY ... TO parquet, when node and
 * DuckDB's npm package are there.
 */
final class WritersBenchmark implements Benchmark {
  private final IntFunction<Settings> settingsForRuns;
  private final boolean duckDbComparison;

  WritersBenchmark() {
    this(Settings::standard, true);
  }

  /** {@code settingsForRuns}: the JMH settings for the run's {@code --runs}. */
  WritersBenchmark(IntFunction<Settings> settingsForRuns, boolean compareWithDuckDb) {
    this.settingsForRuns = settingsForRuns;
    this.duckDbComparison = compareWithDuckDb;
  }

  @Override
  public String name() {
    return "writers";
  }

  @Override
  public String description() {
    return "JMH: batch writer and converter encode throughput per wire format on the anchor row"
        + " (no servers)";
  }

  @Override
  public Result run(BenchOptions options) throws Exception {
    Settings jmh = settingsForRuns.apply(options.runs());
    Map<WireFormat, FormatThroughput> figures = EncodeThroughput.measure(jmh);
    figures.values().forEach(WritersBenchmark::print);
    if (duckDbComparison) {
      compareWithDuckDb(options.rows());
    }
    FormatThroughput slowest =
        figures.values().stream()
            .min(Comparator.comparingDouble(FormatThroughput::writerRowsPerS))
            .orElseThrow();
    FormatThroughput slowestConverter =
        figures.values().stream()
            .min(Comparator.comparingDouble(FormatThroughput::converterRecordsPerS))
            .orElseThrow();
    return new Result(name())
        .add("rows", jmh.batchRows())
        .add("seconds", jmh.batchRows() / slowest.writerRowsPerS(), 3)
        .add("rows_per_s", Math.round(slowest.writerRowsPerS()))
        .add("mb_per_s", slowest.writerMbPerS(), 1)
        .add("slowest", slowest.format().configName())
        .add("cpu_rows_per_s", Math.round(slowest.writerCpuRowsPerS()))
        .add("converter_records_per_s", Math.round(slowestConverter.converterRecordsPerS()))
        .add("slowest_converter", slowestConverter.format().configName())
        .add(
            "peak_rss_mb",
            figures.values().stream().mapToLong(FormatThroughput::peakRssMb).max().orElse(-1))
        .add("runs", jmh.measurementIterations());
  }

  private static void print(FormatThroughput f) {
    System.out.printf(
        Locale.ROOT,
        "writers: %-7s writer %,11.0f rows/s %7.1f MB/s %6.1f B/row (writer thread CPU %,11.0f"
            + " rows/s) | converter %,10.0f records/s %7.1f MB/s %7.1f B/record%n",
        f.format().configName(),
        f.writerRowsPerS(),
        f.writerMbPerS(),
        f.writerBytesPerRow(),
        f.writerCpuRowsPerS(),
        f.converterRecordsPerS(),
        f.converterMbPerS(),
        f.converterBytesPerRecord());
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
}
