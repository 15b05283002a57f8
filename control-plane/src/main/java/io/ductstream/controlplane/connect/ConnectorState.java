package io.ductstream.controlplane.connect;

import java.util.List;

/**
 * A connector's state as Kafka Connect reports it ({@code GET /connectors/{name}/status}); {@code
 * error} is the first line of the trace of a FAILED connector or task, with its first cause.
 */
public record ConnectorState(
    String name, String state, String workerId, String error, List<Task> tasks) {
  /** The state of a connector Connect does not know. */
  public static final String MISSING = "MISSING";

  public static final String RUNNING = "RUNNING";
  public static final String FAILED = "FAILED";
  public static final String STOPPED = "STOPPED";

  public ConnectorState {
    tasks = List.copyOf(tasks);
  }

  /** The connector and each of its tasks are RUNNING, and it has at least one task. */
  public boolean running() {
    return RUNNING.equals(state)
        && !tasks.isEmpty()
        && tasks.stream().allMatch(task -> RUNNING.equals(task.state()));
  }

  /**
   * Why the connector or one of its tasks is FAILED, naming which and on which worker; empty when
   * none is.
   */
  public java.util.Optional<String> failure() {
    if (FAILED.equals(state)) {
      return java.util.Optional.of(
          "connector " + name + " FAILED on worker " + workerId + ": " + error);
    }
    return tasks.stream()
        .filter(task -> FAILED.equals(task.state()))
        .findFirst()
        .map(
            task ->
                "connector "
                    + name
                    + " task "
                    + task.id()
                    + " FAILED on worker "
                    + task.workerId()
                    + ": "
                    + task.error());
  }

  public static ConnectorState missing(String name) {
    return new ConnectorState(name, MISSING, "", "", List.of());
  }

  /** One task of the connector. */
  public record Task(int id, String state, String workerId, String error) {}
}
