package io.ductstream.bench;

/** One benchmark that {@code bench/run.sh NAME} runs. */
interface Benchmark {
  String name();

  /** One line for the list of benchmarks. */
  String description();

  /** Starts its servers, loads, measures (at least {@code options.runs()} times), tears down. */
  Result run(BenchOptions options) throws Exception;
}
