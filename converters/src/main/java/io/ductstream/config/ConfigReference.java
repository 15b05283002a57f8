package io.ductstream.config;

import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * Renders a {@link ConfigDef} as the Markdown tables of the user docs, grouped as declared, so the
 * reference in docs/ is generated from the code that defines the keys. Shared by the connectors
 * (each has a {@code ConfigReferenceTest} that keeps its docs page in step).
 */
public final class ConfigReference {
  private ConfigReference() {}

  public static String markdown(ConfigDef def) {
    StringBuilder out = new StringBuilder();
    for (String group : def.groups()) {
      out.append("### ").append(group).append("\n\n");
      out.append("| key | type | default | valid values | description |\n");
      out.append("|---|---|---|---|---|\n");
      List<ConfigDef.ConfigKey> keys =
          def.configKeys().values().stream()
              .filter(key -> group.equals(key.group))
              .sorted((a, b) -> Integer.compare(a.orderInGroup, b.orderInGroup))
              .toList();
      for (ConfigDef.ConfigKey key : keys) {
        out.append("| `")
            .append(key.name)
            .append("` | ")
            .append(key.type.name().toLowerCase(java.util.Locale.ROOT))
            .append(" | ")
            .append(defaultValue(key))
            .append(" | ")
            .append(key.validator == null ? "" : cell(key.validator.toString()))
            .append(" | ")
            .append(cell(key.documentation))
            .append(" |\n");
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static String defaultValue(ConfigDef.ConfigKey key) {
    if (!key.hasDefault()) {
      return "required";
    }
    Object value = key.defaultValue;
    if (value == null || value instanceof Password) {
      return "";
    }
    String text =
        value instanceof List<?> list
            ? String.join(",", list.stream().map(String::valueOf).toList())
            : value.toString();
    return text.isEmpty() ? "\"\"" : "`" + text + "`";
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
