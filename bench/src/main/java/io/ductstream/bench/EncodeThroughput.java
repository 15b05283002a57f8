package io.ductstream.bench;

import io.ductstream.format.WireFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the JMH encode benchmarks ({@link BatchWriterEncodeBench}, {@link ConverterEncodeBench}) for
 * every wire format, each in one forked JVM, and reads back one {@link FormatThroughput} per
 * format. Rates are medians over the measurement iterations (BENCH.md: the machine is shared and
 * noisy).
 */
final class EncodeThroughput {
  /**
   * Forked JVMs get this process's class path (JMH's default) and these flags: Arrow's, a heap cap,
   * and no "no SLF4J provider" warning from every fork (the bench has no logger, on purpose).
   */
  private static final String[] FORK_JVM_ARGS = {
    "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx1g", "-Dslf4j.internal.verbosity=ERROR"
  };

  /** JMH iteration settings; {@code batchRows} is the rows of one batch writer file. */
  record Settings(
      int warmupIterations,
      Duration warmupTime,
      int measurementIterations,
      Duration measurementTime,
      int batchRows) {

    /** What {@code bench/run.sh writers} uses: about 10 s per benchmark and format. */
    static Settings standard(int runs) {
      return new Settings(
          2, Duration.ofSeconds(1), Math.max(3, runs), Duration.ofSeconds(2), 100_000);
    }

    /** Iterations too short to trust, for tests of the harness. */
    static Settings quick() {
      return new Settings(1, Duration.ofMillis(100), 1, Duration.ofMillis(200), 2_000);
    }
  }

  /** One format's figures; bytes are the encoded output's, measured by the benchmarks. */
  record FormatThroughput(
      WireFormat format,
      double writerRowsPerS,
      double writerCpuRowsPerS,
      double writerBytesPerRow,
      double converterRecordsPerS,
      double converterBytesPerRecord,
      long peakRssMb) {

    double writerMbPerS() {
      return writerRowsPerS * writerBytesPerRow / 1e6;
    }

    double converterMbPerS() {
      return converterRecordsPerS * converterBytesPerRecord / 1e6;
    }
  }

  private EncodeThroughput() {}

  static Map<WireFormat, FormatThroughput> measure(Settings settings) throws RunnerException {
    Options options =
        new OptionsBuilder()
            .include(benchmarkPattern(BatchWriterEncodeBench.class))
            .include(benchmarkPattern(ConverterEncodeBench.class))
            .param("batchRows", Integer.toString(settings.batchRows()))
            .warmupIterations(settings.warmupIterations())
            .warmupTime(TimeValue.milliseconds(settings.warmupTime().toMillis()))
            .measurementIterations(settings.measurementIterations())
            .measurementTime(TimeValue.milliseconds(settings.measurementTime().toMillis()))
            .forks(1)
            .jvmArgs(FORK_JVM_ARGS)
            .shouldFailOnError(true)
            .verbosity(VerboseMode.SILENT)
            .build();
    return figures(new Runner(options).run(), settings.batchRows());
  }

  private static String benchmarkPattern(Class<?> benchmark) {
    return "^" + Pattern.quote(benchmark.getName() + ".") + ".*";
  }

  private static Map<WireFormat, FormatThroughput> figures(
      Collection<RunResult> results, int batchRows) {
    Map<WireFormat, Counted> writers = new EnumMap<>(WireFormat.class);
    Map<WireFormat, Counted> converters = new EnumMap<>(WireFormat.class);
    for (RunResult result : results) {
      WireFormat format = WireFormat.parse(result.getParams().getParam("format"));
      boolean writer =
          result.getParams().getBenchmark().startsWith(BatchWriterEncodeBench.class.getName());
      (writer ? writers : converters).put(format, Counted.of(result, writer ? batchRows : 1));
    }
    Map<WireFormat, FormatThroughput> figures = new EnumMap<>(WireFormat.class);
    for (WireFormat format : WireFormat.values()) {
      Counted writer = writers.get(format);
      Counted converter = converters.get(format);
      if (writer == null || converter == null) {
        throw new BenchException("JMH reported no result for format " + format.configName());
      }
      figures.put(
          format,
          new FormatThroughput(
              format,
              writer.rowsPerS,
              writer.rows / (writer.cpuNanos / 1e9),
              (double) writer.bytes / writer.rows,
              converter.rowsPerS,
              (double) converter.bytes / converter.rows,
              Math.max(writer.peakRssMb, converter.peakRssMb)));
    }
    return figures;
  }

  /** The median rate of one benchmark and the counters summed over its measurement iterations. */
  private record Counted(double rowsPerS, long rows, long bytes, long cpuNanos, long peakRssMb) {
    static Counted of(RunResult result, int rowsPerOperation) {
      List<IterationResult> iterations = new ArrayList<>();
      result.getBenchmarkResults().forEach(b -> iterations.addAll(b.getIterationResults()));
      double[] scores = new double[iterations.size()];
      long rows = 0;
      long bytes = 0;
      long cpuNanos = 0;
      long peakRssMb = -1;
      for (int i = 0; i < scores.length; i++) {
        IterationResult iteration = iterations.get(i);
        scores[i] = iteration.getPrimaryResult().getScore() * rowsPerOperation;
        rows += counter(iteration, "rows");
        bytes += counter(iteration, "bytes");
        cpuNanos += counter(iteration, "cpuNanos");
        peakRssMb = Math.max(peakRssMb, counter(iteration, "peakRssMb"));
      }
      return new Counted(Measurements.median(scores), rows, bytes, cpuNanos, peakRssMb);
    }

    private static long counter(IterationResult iteration, String name) {
      var counter = iteration.getSecondaryResults().get(name);
      if (counter == null) {
        throw new BenchException(
            "JMH result has no counter \""
                + name
                + "\"; counters: "
                + iteration.getSecondaryResults().keySet());
      }
      return Math.round(counter.getScore());
    }
  }
}
