package io.ductstream.controlplane.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every {@code DUCTSTREAM_*} environment variable the binaries, tests and benchmarks read: the one
 * list a variable must be added to, so a misspelt one is reported at start instead of silently
 * ignored.
 */
public final class KnownVariables {
  public static final String PREFIX = "DUCTSTREAM_";

  /** Read by the binaries (bin/ductstream, bin/ductstream-worker, bin/ductstream-admin). */
  public static final List<String> SETTINGS =
      List.of(
          ServerSettings.POSTGRES_DSN,
          ServerSettings.GRPC_LISTEN,
          ServerSettings.WIRE_FORMAT,
          ServerSettings.WIRE_ENFORCE,
          ServerSettings.CONNECT_URL,
          ServerSettings.CONNECT_BOOTSTRAP_SERVERS,
          ServerSettings.GRPC_TLS_CERT,
          ServerSettings.GRPC_TLS_KEY,
          ServerSettings.GRPC_TLS_CLIENT_CA,
          ServerSettings.API_TOKEN,
          ServerSettings.GRPC_REFLECTION,
          ServerSettings.GRPC_INSECURE,
          ServerSettings.SECRETS_KEY,
          ServerSettings.RECONCILE_INTERVAL,
          ServerSettings.DBOS_MAX_EMPTY_READS,
          DbosSettings.ENABLED,
          DbosSettings.APP,
          DbosSettings.QUEUE,
          DbosSettings.SCHEDULE,
          DdlSettings.GATE,
          DdlSettings.AUTO_APPROVE,
          DdlSettings.AUTO_APPLY,
          DdlSettings.CATALOG_ENABLED,
          DdlSettings.CATALOG_INTERVAL,
          DdlSettings.CATALOG_SCHEMAS,
          MetricsListen.METRICS_LISTEN,
          QuickstartSettings.SOURCE_DSN,
          QuickstartSettings.S3_ENDPOINT,
          QuickstartSettings.S3_BUCKET,
          QuickstartSettings.S3_REGION,
          QuickstartSettings.S3_ACCESS_KEY,
          QuickstartSettings.S3_SECRET_KEY);

  /** Read by the test kit and the benchmarks, which may share an environment with the binaries. */
  public static final List<String> DEVELOPMENT =
      List.of("DUCTSTREAM_TEST_PG_DSN", "DUCTSTREAM_BENCH_PG_BIN", "DUCTSTREAM_BENCH_WORKER_OPTS");

  /**
   * Read by the example client script (examples/grpc/create_flow.sh), which users may run from the
   * environment the binaries run in.
   */
  public static final List<String> EXAMPLE_CLIENTS =
      List.of("DUCTSTREAM_CACERT", "DUCTSTREAM_CERT", "DUCTSTREAM_KEY");

  private static final List<String> ALL = all();

  private KnownVariables() {}

  /** Every known name. */
  public static List<String> names() {
    return ALL;
  }

  /**
   * One warning per {@code DUCTSTREAM_*} variable of {@code env} that is not known, naming the
   * closest known name, in name order.
   */
  public static List<String> warnings(Map<String, String> env) {
    List<String> warnings = new ArrayList<>();
    for (String name : new TreeSet<>(env.keySet())) {
      if (name.startsWith(PREFIX) && !ALL.contains(name)) {
        warnings.add(
            name
                + " is not a DuctStream variable and is ignored; did you mean "
                + closest(name)
                + "?");
      }
    }
    return warnings;
  }

  /** The known name with the fewest edits (insert, delete, replace) from {@code name}. */
  static String closest(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    String best = ALL.get(0);
    int bestDistance = Integer.MAX_VALUE;
    for (String known : ALL) {
      int distance = distance(upper, known);
      if (distance < bestDistance) {
        best = known;
        bestDistance = distance;
      }
    }
    return best;
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int replace = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(replace, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static List<String> all() {
    List<String> all = new ArrayList<>(SETTINGS);
    all.addAll(DEVELOPMENT);
    all.addAll(EXAMPLE_CLIENTS);
    return Collections.unmodifiableList(all);
  }
}
