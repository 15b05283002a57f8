package io.ductstream.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a benchmark whose target includes peak RSS in a child JVM with a modest max heap when this
 * JVM was started without one: the JVM's default (a quarter of the machine's memory) would measure
 * how far the garbage collector lets the heap grow, not what the code needs. {@code
 * JAVA_OPTS=-Xmx...} (or {@code -XX:MaxRAMPercentage}) runs it in this JVM with that heap instead.
 */
final class BoundedHeapJvm {
  static final String DEFAULT_MAX_HEAP = "-Xmx256m";

  private BoundedHeapJvm() {}

  /**
   * {@code benchmark}, run in a child JVM with {@link #DEFAULT_MAX_HEAP} unless this JVM has a max
   * heap of its own: for benchmarks whose target includes peak RSS.
   */
  static Benchmark inBoundedHeap(Benchmark benchmark) {
    return new Benchmark() {
      @Override
      public String name() {
        return benchmark.name();
      }

      @Override
      public String description() {
        return benchmark.description();
      }

      @Override
      public Result run(BenchOptions options) throws Exception {
        return maxHeapSet() ? benchmark.run(options) : rerun(benchmark.name(), options);
      }
    };
  }

  /** True when this JVM was started with an explicit max heap. */
  static boolean maxHeapSet() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .anyMatch(
            arg ->
                arg.startsWith("-Xmx")
                    || arg.startsWith("-XX:MaxHeapSize")
                    || arg.startsWith("-XX:MaxRAMPercentage")
                    || arg.startsWith("-XX:MaxRAM="));
  }

  /**
   * Runs {@code benchmark} with {@code options} in a child JVM with this JVM's flags and {@link
   * #DEFAULT_MAX_HEAP}, passes its output through, and returns its RESULT line.
   */
  static Result rerun(String benchmark, BenchOptions options)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add(DEFAULT_MAX_HEAP);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            BenchMain.class.getName(),
            benchmark,
            "-n",
            Long.toString(options.rows()),
            "--runs",
            Integer.toString(options.runs())));
    System.out.println("running " + benchmark + " in a JVM with " + DEFAULT_MAX_HEAP);
    Process child =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    Result result = null;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("RESULT ")) {
          result = parse(line);
        } else {
          System.out.println(line);
        }
      }
    }
    int exit = child.waitFor();
    if (exit != 0 || result == null) {
      throw new BenchException(
          benchmark
              + " failed in its JVM with "
              + DEFAULT_MAX_HEAP
              + " (exit "
              + exit
              + "); its error is above");
    }
    return result;
  }

  /** Reads a RESULT line back: {@code RESULT name=... key=value ...}. */
  private static Result parse(String line) {
    String[] pairs = line.substring("RESULT ".length()).split(" ");
    Result result = new Result(pairs[0].substring("name=".length()));
    for (int i = 1; i < pairs.length; i++) {
      int eq = pairs[i].indexOf('=');
      result.add(pairs[i].substring(0, eq), pairs[i].substring(eq + 1));
    }
    return result;
  }
}
