package io.ductstream.controlplane.flow;

import io.ductstream.format.WireFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which wire format each part of a flow uses: an endpoint's {@code options.format}, else the flow's
 * {@code wire_format}, else the server's {@code DUCTSTREAM_WIRE_FORMAT}. The records on the Kafka
 * topics have one format, that of the Kafka destination (else the source's). Unknown format names
 * are refused; with {@code enforce}, so is a source format that differs from the Kafka
 * destination's.
 */
public record WireFormatPolicy(WireFormat serverDefault, boolean enforce) {

  /** The format of the records on the flow's topics (the source connector's converter). */
  public String topicFormat(FlowDefinition flow) {
    return kafkaDestination(flow)
        .flatMap(d -> d.option(FlowOptions.FORMAT))
        .or(() -> flow.source().option(FlowOptions.FORMAT))
        .orElseGet(() -> flowFormat(flow));
  }

  /** The format of the files an S3 destination writes. */
  public String fileFormat(FlowDefinition flow, Endpoint destination) {
    return destination.option(FlowOptions.FORMAT).orElseGet(() -> flowFormat(flow));
  }

  /** What is wrong with the flow's formats, as {@code field: problem}; empty when nothing is. */
  public List<String> problems(FlowDefinition flow) {
    List<String> problems = new ArrayList<>();
    // An unknown name is refused either way: no converter or sink could write it, so the flow
    // would only fail when it starts.
    checkKnown("source.options.format", flow.source(), problems);
    for (int i = 0; i < flow.destinations().size(); i++) {
      checkKnown("destinations[" + i + "].options.format", flow.destinations().get(i), problems);
    }
    if (!enforce) {
      return problems;
    }
    Optional<String> sourceFormat = flow.source().option(FlowOptions.FORMAT);
    for (int i = 0; i < flow.destinations().size(); i++) {
      Endpoint destination = flow.destinations().get(i);
      Optional<String> kafkaFormat = destination.option(FlowOptions.FORMAT);
      if (destination.type() == EndpointType.KAFKA
          && sourceFormat.isPresent()
          && kafkaFormat.isPresent()
          && !sourceFormat.get().equalsIgnoreCase(kafkaFormat.get())) {
        problems.add(
            "source.options.format \""
                + sourceFormat.get()
                + "\" conflicts with destinations["
                + i
                + "].options.format \""
                + kafkaFormat.get()
                + "\": both are the format of the records on the flow's topics; make them equal"
                + " (or set DUCTSTREAM_WIRE_ENFORCE=false to let the destination's win)");
      }
    }
    return problems;
  }

  private String flowFormat(FlowDefinition flow) {
    return flow.wireFormat().orElse(serverDefault).configName();
  }

  private static Optional<Endpoint> kafkaDestination(FlowDefinition flow) {
    return flow.destinations().stream().filter(d -> d.type() == EndpointType.KAFKA).findFirst();
  }

  private static void checkKnown(String field, Endpoint endpoint, List<String> problems) {
    endpoint
        .option(FlowOptions.FORMAT)
        .filter(format -> WireFormat.find(format).isEmpty())
        .ifPresent(
            format ->
                problems.add(
                    field
                        + " \""
                        + format
                        + "\" is not a wire format; use one of "
                        + WireFormat.names()));
  }
}
