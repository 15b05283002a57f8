package io.ductstream.controlplane.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KnownVariablesTest {

  @Test
  void aMisspeltVariableIsReportedWithTheClosestKnownName() {
    assertThat(
            KnownVariables.warnings(
                Map.of(
                    "DUCTSTREAM_GRPC_LISTN", ":8081",
                    "DUCTSTREAM_POSTGRES_DSN", "postgres://u@h/db",
                    "PATH", "/usr/bin")))
        .containsExactly(
            "DUCTSTREAM_GRPC_LISTN is not a DuctStream variable and is ignored; did you mean"
                + " DUCTSTREAM_GRPC_LISTEN?");
    assertThat(KnownVariables.closest("DUCTSTREAM_QUICKSTART_S3_BUKET"))
        .isEqualTo(QuickstartSettings.S3_BUCKET);
    assertThat(KnownVariables.closest("ductstream_secrets_key"))
        .isEqualTo(ServerSettings.SECRETS_KEY);
  }

  @Test
  void knownAndReservedVariablesAreNotReported() {
    assertThat(
            KnownVariables.warnings(
                Map.of(
                    "DUCTSTREAM_API_TOKEN", "x",
                    "DUCTSTREAM_DBOS_SCHEDULE", "*/10 * * * * *",
                    "DUCTSTREAM_TEST_PG_DSN", "postgres://u@h/db")))
        .isEmpty();
  }

  @Test
  void everyVariableOfTheSampleEnvironmentFileIsKnown() throws java.io.IOException {
    String sample =
        java.nio.file.Files.readString(
            java.nio.file.Path.of("..", "config", "ductstream.env.example"));
    java.util.regex.Matcher names =
        java.util.regex.Pattern.compile("(DUCTSTREAM_[A-Z0-9_]+)=").matcher(sample);
    List<String> found = new ArrayList<>();
    while (names.find()) {
      found.add(names.group(1));
    }
    assertThat(found).hasSizeGreaterThan(20);
    assertThat(KnownVariables.names()).containsAll(found);
  }

  /** A variable added to a settings class but not to the list would be reported as a typo. */
  @Test
  void everyVariableOfTheSettingsClassesIsKnown() throws IllegalAccessException {
    List<String> declared = new ArrayList<>();
    for (Class<?> settings : List.of(ServerSettings.class, QuickstartSettings.class)) {
      for (Field field : settings.getDeclaredFields()) {
        if (Modifier.isPublic(field.getModifiers())
            && Modifier.isStatic(field.getModifiers())
            && field.getType() == String.class
            && field.get(null) instanceof String value
            && value.startsWith(KnownVariables.PREFIX)) {
          declared.add(value);
        }
      }
    }
    assertThat(declared).hasSizeGreaterThan(20);
    assertThat(KnownVariables.names()).containsAll(declared).doesNotHaveDuplicates();
  }
}
