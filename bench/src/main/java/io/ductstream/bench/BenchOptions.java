package io.ductstream.bench;

import java.util.List;

/**
 * Options every benchmark takes: {@code -n ROWS} (anchor workload inserts) and {@code --runs N}.
 */
record BenchOptions(long rows, int runs) {
  static final long DEFAULT_ROWS = 1_000_000;
  static final int DEFAULT_RUNS = 3;

  static BenchOptions parse(List<String> args) {
    long rows = DEFAULT_ROWS;
    int runs = DEFAULT_RUNS;
    for (int i = 0; i < args.size(); i++) {
      String flag = args.get(i);
      if (i + 1 >= args.size()) {
        throw new BenchException("option " + flag + " needs a value; options: -n ROWS, --runs N");
      }
      String value = args.get(++i);
      switch (flag) {
        case "-n", "--rows" -> rows = positive(flag, value);
        case "--runs" -> runs = (int) positive(flag, value);
        default ->
            throw new BenchException("unknown option " + flag + "; options: -n ROWS, --runs N");
      }
    }
    return new BenchOptions(rows, runs);
  }

  private static long positive(String flag, String value) {
    try {
      long number = Long.parseLong(value.replace("_", ""));
      if (number > 0) {
        return number;
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new BenchException(flag + " must be a positive whole number, got \"" + value + "\"");
  }
}
