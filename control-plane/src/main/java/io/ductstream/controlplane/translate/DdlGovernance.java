package io.ductstream.controlplane.translate;

import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.controlplane.config.DdlSettings;
import io.ductstream.controlplane.flow.FlowDefinition;
import io.ductstream.controlplane.flow.FlowOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a flow's source connector needs for schema-change governance: the DuctStream store it
 * records schema versions and DDL events in (the control plane's own), and the DDL settings, of
 * which a flow's {@code ddl_gate} option overrides the gate.
 *
 * @param store the control plane's store; empty: the connector records nothing (tests that render
 *     configs without a store)
 */
public record DdlGovernance(Optional<PostgresDsn> store, DdlSettings settings) {

  /** No store, every switch off: records carry no schema version. */
  public static DdlGovernance none() {
    return new DdlGovernance(Optional.empty(), DdlSettings.defaults());
  }

  /** Whether {@code flow} holds at a schema change: its ddl_gate option, else the setting. */
  public boolean gate(FlowDefinition flow) {
    return flow.source()
        .option(FlowOptions.DDL_GATE)
        .map(Boolean::parseBoolean)
        .orElse(settings.gate());
  }

  /**
   * The store as a {@code postgres://} URL with its credentials, for the connector's {@code
   * ddl.store.dsn} (a password key: Connect masks it, and {@link ConnectorConfig#masked} masks the
   * URL's password).
   */
  Optional<String> storeUrl() {
    return store.map(DdlGovernance::url);
  }

  private static String url(PostgresDsn dsn) {
    StringBuilder url = new StringBuilder("postgres://");
    if (!dsn.user().isEmpty()) {
      url.append(encode(dsn.user()));
      if (!dsn.password().isEmpty()) {
        url.append(':').append(encode(dsn.password()));
      }
      url.append('@');
    }
    String host = dsn.host().indexOf(':') >= 0 ? "[" + dsn.host() + "]" : dsn.host();
    url.append(host).append(':').append(dsn.port()).append('/').append(encode(dsn.database()));
    char separator = '?';
    for (var parameter : dsn.parameters().entrySet()) {
      url.append(separator)
          .append(encode(parameter.getKey()))
          .append('=')
          .append(encode(parameter.getValue()));
      separator = '&';
    }
    return url.toString();
  }

  private static String encode(String text) {
    // '+' would read back as '+', so spaces are %20
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
