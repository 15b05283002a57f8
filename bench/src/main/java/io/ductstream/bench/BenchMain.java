package io.ductstream.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code bench/run.sh NAME [-n ROWS] [--runs N]}: runs one benchmark and prints its RESULT line
 * last. Exit 0 when it ran, 2 with one line on stderr for a usage or setup error.
 */
public final class BenchMain {
  private static final Map<String, Benchmark> BENCHMARKS =
      List.<Benchmark>of(
              new PgLimitBenchmark(),
              new WritersBenchmark(),
              BoundedHeapJvm.inBoundedHeap(new SourceStreamBenchmark()),
              BoundedHeapJvm.inBoundedHeap(new LargeTransactionBenchmark()),
              BoundedHeapJvm.inBoundedHeap(new SnapshotBenchmark()),
              new SinkS3Benchmark(),
              new WorkerE2eBenchmark())
          .stream()
          .collect(Collectors.toMap(Benchmark::name, Function.identity()));

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      System.out.println("Usage: bench/run.sh NAME [-n ROWS] [--runs N]");
      BENCHMARKS
          .values()
          .forEach(b -> System.out.println("  " + b.name() + "  " + b.description()));
      System.exit(args.length == 0 ? 2 : 0);
    }
    Benchmark benchmark = BENCHMARKS.get(args[0]);
    if (benchmark == null) {
      fail(
          "unknown benchmark \""
              + args[0]
              + "\"; available: "
              + String.join(", ", BENCHMARKS.keySet()));
    }
    try {
      BenchOptions options = BenchOptions.parse(Arrays.asList(args).subList(1, args.length));
      System.out.println(benchmark.run(options).line());
      // servers shared within this JVM (the in-process S3 server) keep non-daemon threads alive
      System.exit(0);
    } catch (BenchException e) {
      fail(e.getMessage());
    }
  }

  private static void fail(String message) {
    System.err.println("bench: " + message);
    System.exit(2);
  }
}
