package io.ductstream.controlplane.translate;

import io.ductstream.controlplane.flow.Endpoint;
import io.ductstream.controlplane.flow.EndpointType;
import io.ductstream.controlplane.flow.FlowDefinition;
import io.ductstream.controlplane.flow.OptionRules;
import io.ductstream.controlplane.flow.Secrets;
import io.ductstream.sink.s3.S3SinkConnector;
import io.ductstream.source.pg.PostgresSourceConnector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Connector;

/**
 * Checks the values of a flow's options with the rules of the connectors that take them: the flow
 * is rendered as it would run and each connector config goes through that connector's own {@code
 * validate} (its ConfigDef and its checks between keys), the same call a Kafka Connect worker
 * makes. A refusal is named by the flow field the value came from, so the control plane keeps no
 * second copy of a connector's rules.
 */
public final class ConnectorChecks implements Function<FlowDefinition, List<String>> {
  /** ConfigException's "Invalid value V for configuration K: reason". */
  private static final Pattern INVALID =
      Pattern.compile("Invalid value .* for configuration (\\S+): (.*)", Pattern.DOTALL);

  private static final String MISSING = "Missing required configuration";

  private final FlowTranslator translator;

  public ConnectorChecks(FlowTranslator translator) {
    this.translator = translator;
  }

  /** The problems the connectors find in the flow's rendering, each naming a flow field. */
  @Override
  public List<String> apply(FlowDefinition flow) {
    List<ConnectorConfig> connectors;
    try {
      connectors = translator.translate(flow, Optional.empty());
    } catch (RuntimeException e) {
      // The flow's own checks have named what keeps it from being rendered.
      return List.of();
    }
    // translate() renders the source first, then one sink per S3 destination in their order
    Iterator<ConnectorConfig> rendered = connectors.iterator();
    List<String> problems = new ArrayList<>();
    List<Owner> sourceOwners = new ArrayList<>();
    sourceOwners.add(new Owner("source.options", flow.source()));
    for (int i = 0; i < flow.destinations().size(); i++) {
      if (flow.destinations().get(i).type() == EndpointType.KAFKA) {
        sourceOwners.add(new Owner(destinationField(i), flow.destinations().get(i)));
      }
    }
    check(new PostgresSourceConnector(), rendered.next().config(), sourceOwners, problems);
    for (int i = 0; i < flow.destinations().size(); i++) {
      Endpoint destination = flow.destinations().get(i);
      if (destination.type() == EndpointType.S3) {
        check(
            new S3SinkConnector(),
            rendered.next().config(),
            List.of(new Owner(destinationField(i), destination)),
            problems);
      }
    }
    return problems;
  }

  private static String destinationField(int index) {
    return "destinations[" + index + "].options";
  }

  private static void check(
      Connector connector, Map<String, String> config, List<Owner> owners, List<String> problems) {
    for (ConfigValue value : connector.validate(config).configValues()) {
      // The first refusal of a key says why (a value that does not parse also fails its range)
      if (!value.errorMessages().isEmpty()) {
        String problem = problem(value.name(), value.errorMessages().get(0), owners);
        if (problem != null && !problems.contains(problem)) {
          problems.add(problem);
        }
      }
    }
  }

  /**
   * The refusal of connector key {@code key} as the flow's user wrote it, or null for a value a
   * Connect worker fills in at run time (a config provider reference).
   */
  private static String problem(String key, String message, List<Owner> owners) {
    for (Owner owner : owners) {
      Optional<String> option = FlowTranslator.optionOf(key, owner.endpoint());
      Optional<String> value = option.flatMap(owner.endpoint()::option);
      if (option.isEmpty() || value.isEmpty()) {
        continue;
      }
      if (OptionRules.hasReference(value.get())) {
        return null;
      }
      String field = owner.field() + "." + option.get();
      String reason = reason(key, message);
      if (message.startsWith(MISSING)) {
        return field + " is required";
      }
      boolean quote = !Secrets.isSecret(option.get());
      return field + (quote ? " \"" + value.get() + "\"" : "") + joined(reason);
    }
    // A key the control plane renders itself (from the flow's name, or the server's settings):
    // its value is not the user's, and the reason could repeat a server setting, so only the key.
    return "the flow renders the connector setting "
        + key
        + " with a value the connector refuses; check the flow's name and the server's settings";
  }

  /**
   * The connector's reason without its "Invalid value ... for configuration key" frame or the key,
   * and ConfigDef's own type and range wording in the flow's voice.
   */
  private static String reason(String key, String message) {
    Matcher invalid = INVALID.matcher(message);
    String reason = invalid.matches() ? invalid.group(2).trim() : message.trim();
    if (reason.startsWith(key + " ")) {
      reason = reason.substring(key.length() + 1);
    }
    if (reason.startsWith("Not a number of type")) {
      return "is not a whole number";
    }
    if (reason.startsWith("Expected value to be either true or false")) {
      return "is not true or false";
    }
    return reason
        .replaceFirst("^Value must be ", "must be ")
        .replaceFirst("^String must be one of: ", "is not one of ");
  }

  /** "is not ..." reads on after the value; anything else after a colon, in lower case. */
  private static String joined(String reason) {
    if (reason.matches("(is|are|may|must|holds|has) .*")) {
      return " " + reason;
    }
    return ": " + reason.substring(0, 1).toLowerCase(Locale.ROOT) + reason.substring(1);
  }

  private record Owner(String field, Endpoint endpoint) {}
}
