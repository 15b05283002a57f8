package io.ductstream.testkit;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of a fault test, in the one line every test of the fault suite prints: {@code faults:
 * N injected, changes: M sent, M delivered, 0 lost, D duplicates}. "Sent" is what the source holds
 * (the truth, read back after the faults), "delivered" how many of those arrived at least once,
 * "duplicates" the arrivals beyond the first.
 */
public record FaultReport(int faults, long sent, long delivered, long lost, long duplicates) {

  /**
   * @param faults faults injected
   * @param sent the keys of every change the source committed
   * @param arrived the key of every change that arrived, once per arrival
   */
  public static <K> FaultReport of(int faults, Collection<K> sent, Collection<K> arrived) {
    Map<K, Integer> arrivals = new HashMap<>();
    for (K key : arrived) {
      arrivals.merge(key, 1, Integer::sum);
    }
    Set<K> expected = new HashSet<>(sent);
    long delivered = expected.stream().filter(arrivals::containsKey).count();
    long duplicates = arrivals.values().stream().mapToLong(n -> n - 1).sum();
    return new FaultReport(
        faults, expected.size(), delivered, expected.size() - delivered, duplicates);
  }

  /** Prints the line (the suite's summary greps for it) and returns this. */
  public FaultReport print(String test) {
    System.out.println(this + " (" + test + ")");
    return this;
  }

  @Override
  public String toString() {
    return "faults: "
        + faults
        + " injected, changes: "
        + sent
        + " sent, "
        + delivered
        + " delivered, "
        + lost
        + " lost, "
        + duplicates
        + " duplicates";
  }
}
