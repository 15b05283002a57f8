package io.ductstream.controlplane.status;

import io.ductstream.controlplane.connect.ConnectorState;
import io.ductstream.controlplane.flow.FlowDefinition;
import io.ductstream.controlplane.translate.FlowTranslator;
import java.util.List;

/**
 * Explains a source task that Kafka stopped with a {@code RecordTooLargeException}: which setting
 * was below the change record's size and how to raise it. The flow's connectors already let records
 * up to {@link FlowTranslator#MAX_RECORD_BYTES} through on the topics Connect creates; a topic that
 * existed before (or was created by the broker because the worker has {@code
 * topic.creation.enable=false}) keeps the broker's {@code message.max.bytes}, 1 MiB by default.
 */
public final class RecordTooLarge {
  static final String EXCEPTION = "RecordTooLargeException";

  private RecordTooLarge() {}

  /** The connector's state, with every task error caused by a too large record explained. */
  public static ConnectorState explain(ConnectorState connector, FlowDefinition flow) {
    if (!connector.error().contains(EXCEPTION)
        && connector.tasks().stream().noneMatch(t -> t.error().contains(EXCEPTION))) {
      return connector;
    }
    List<ConnectorState.Task> tasks =
        connector.tasks().stream()
            .map(
                t ->
                    new ConnectorState.Task(
                        t.id(), t.state(), t.workerId(), explain(t.error(), flow)))
            .toList();
    return new ConnectorState(
        connector.name(),
        connector.state(),
        connector.workerId(),
        explain(connector.error(), flow),
        tasks);
  }

  /** {@code error} with what to do when Kafka refused a record as too large. */
  static String explain(String error, FlowDefinition flow) {
    if (!error.contains(EXCEPTION)) {
      return error;
    }
    String topics =
        FlowTranslator.singleTopic(flow)
            ? "topic " + FlowTranslator.topicPrefix(flow)
            : "topics " + FlowTranslator.topicPrefix(flow) + ".<schema>.<table>";
    return "a change record is larger than Kafka accepts ("
        + error
        + "). The flow's producer sends records up to max.request.size="
        + FlowTranslator.MAX_RECORD_BYTES
        + " bytes and Kafka Connect creates its "
        + topics
        + " with max.message.bytes="
        + FlowTranslator.MAX_RECORD_BYTES
        + ", but a topic that existed before, or that the broker created because the Connect"
        + " workers have topic.creation.enable=false, keeps the broker's message.max.bytes (1 MiB"
        + " by default). Raise the topic's limit with kafka-configs.sh --bootstrap-server <brokers>"
        + " --alter --entity-type topics --entity-name <topic> --add-config max.message.bytes="
        + FlowTranslator.MAX_RECORD_BYTES
        + ", then StartFlow to restart the failed task; nothing was acknowledged past the record,"
        + " so it is sent again";
  }
}
