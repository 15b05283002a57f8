package io.ductstream.controlplane.connect;

import java.util.List;

/**
 * A connector's state as Kafka Connect reports it ({@code GET /connectors/{name}/status}); {@code
 * error} is the first line of the trace of a FAILED connector or task.
 */
public record ConnectorState(
    String name, String state, String workerId, String error, List<Task> tasks) {
  /** The state of a connector Connect does not know. */
  public static final String MISSING = "MISSING";

  public ConnectorState {
    tasks = List.copyOf(tasks);
  }

  public static ConnectorState missing(String name) {
    return new ConnectorState(name, MISSING, "", "", List.of());
  }

  /** One task of the connector. */
  public record Task(int id, String state, String workerId, String error) {}
}
