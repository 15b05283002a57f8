package io.ductstream.controlplane.flow;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A flow's source or one of its destinations. Option values are strings, as users write them in
 * flow files ({@code "500"}, {@code "true"}, {@code "1s"}); their names are in {@link FlowOptions}.
 */
public record Endpoint(String name, EndpointType type, Map<String, String> options) {

  public Endpoint {
    options = Collections.unmodifiableMap(new TreeMap<>(options));
  }

  /** The source of a request that has none. */
  public static Endpoint absent() {
    return new Endpoint("", EndpointType.UNSPECIFIED, Map.of());
  }

  public boolean isAbsent() {
    return name.isEmpty() && type == EndpointType.UNSPECIFIED && options.isEmpty();
  }

  /** A non-blank option, trimmed. */
  public Optional<String> option(String key) {
    return Optional.ofNullable(options.get(key)).map(String::trim).filter(v -> !v.isEmpty());
  }

  /** A copy with {@code key} set to {@code value}. */
  public Endpoint withOption(String key, String value) {
    Map<String, String> changed = new TreeMap<>(options);
    changed.put(key, value);
    return new Endpoint(name, type, changed);
  }
}
