package io.ductstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of a DuctStream launcher as a process of its own, timed from its start to its exit, with
 * its peak RSS (VmHWM) and CPU seconds (utime + stime) sampled from /proc every few milliseconds
 * while it lives: the launcher execs its JVM, so the process is the JVM. Its output goes to a log.
 */
record WorkerRun(double seconds, long peakRssMb, double cpuSeconds, String summary, Path log) {
  private static final long SAMPLE_MILLIS = 20;
  private static final double CLOCK_TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux
  private static final Pattern SUMMARY = Pattern.compile("rows in [0-9.]+ s \\([0-9]+ rows/s\\)");

  static WorkerRun run(List<String> command, Map<String, String> env, Path log)
      throws IOException, InterruptedException {
    Files.createDirectories(log.getParent());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    builder.environment().putAll(env);
    long start = System.nanoTime();
    Process process = builder.start();
    Path proc = Path.of("/proc", Long.toString(process.pid()));
    long peakKb = -1;
    long ticks = -1;
    while (process.isAlive()) {
      long hwm = peakKb(proc);
      long cpu = cpuTicks(proc);
      if (hwm > peakKb) {
        peakKb = hwm;
      }
      if (cpu > ticks) {
        ticks = cpu;
      }
      process.waitFor(SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    String output = Files.readString(log);
    if (process.exitValue() != 0) {
      throw new BenchException(
          String.join(" ", command)
              + " exited with "
              + process.exitValue()
              + "; its log ("
              + log
              + ") ends: "
              + tail(output));
    }
    Matcher summary = SUMMARY.matcher(output);
    String found = "no summary line";
    while (summary.find()) {
      found = "its own count: " + summary.group();
    }
    return new WorkerRun(
        seconds,
        peakKb < 0 ? -1 : peakKb / 1024,
        ticks < 0 ? -1 : ticks / CLOCK_TICKS_PER_SECOND,
        found,
        log);
  }

  /** VmHWM of the process in kB, or -1 once it is gone. */
  private static long peakKb(Path proc) {
    try {
      for (String line : Files.readAllLines(proc.resolve("status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.substring(6).replace("kB", "").trim());
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /** utime + stime of the process in clock ticks, or -1 once it is gone. */
  private static long cpuTicks(Path proc) {
    try {
      String stat = Files.readString(proc.resolve("stat"));
      // fields after the command name, which is in parentheses and may hold spaces
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static String tail(String output) {
    List<String> lines = output.strip().lines().toList();
    return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
  }
}
