package io.ductstream.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs the external programs a benchmark needs, failing with their output when they fail. */
final class Processes {
  private Processes() {}

  /**
   * Runs {@code command} to completion; a non-zero exit is a {@link BenchException} with its
   * output.
   */
  static void run(List<String> command, String what) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    if (exit != 0) {
      throw new BenchException(what + " failed (exit " + exit + "): " + output.strip());
    }
  }
}
