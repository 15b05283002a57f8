package io.ductstream.controlplane.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DbosSettingsTest {

  @Test
  void offByDefault() {
    assertThat(ServerSettings.read(Map.of()).dbos()).isEqualTo(DbosSettings.disabled());
  }

  @Test
  void readsEveryVariable() {
    DbosSettings dbos =
        ServerSettings.read(
                Map.of(
                    "DUCTSTREAM_DBOS_ENABLED", "yes",
                    "DUCTSTREAM_DBOS_APP", "cdc-prod",
                    "DUCTSTREAM_DBOS_QUEUE", "flow.runs",
                    "DUCTSTREAM_DBOS_SCHEDULE", "*/10 * * * * *"))
            .dbos();

    assertThat(dbos)
        .isEqualTo(new DbosSettings(true, "cdc-prod", "flow.runs", Optional.of("*/10 * * * * *")));
  }

  @Test
  void enabledAloneTakesTheDefaultNamesAndNoSchedule() {
    assertThat(ServerSettings.read(Map.of("DUCTSTREAM_DBOS_ENABLED", "true")).dbos())
        .isEqualTo(new DbosSettings(true, "ductstream", "ductstream", Optional.empty()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"*/10 * * * *", "every 10 seconds", "*/10 * * * * * * *", "61 * * * * *"})
  void aScheduleThatIsNotASixFieldCronIsRefusedNamingTheFormat(String schedule) {
    assertThatThrownBy(
            () ->
                ServerSettings.read(
                    Map.of(
                        "DUCTSTREAM_DBOS_ENABLED", "true", "DUCTSTREAM_DBOS_SCHEDULE", schedule)))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("DUCTSTREAM_DBOS_SCHEDULE=\"" + schedule + "\" is not a cron")
        .hasMessageContaining("6 fields with seconds first")
        .hasMessageContaining("\"*/10 * * * * *\"")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"_dbos_internal_queue", "my queue", "q/1"})
  void aQueueNameDbosCannotUseIsRefused(String queue) {
    assertThatThrownBy(
            () ->
                ServerSettings.read(
                    Map.of("DUCTSTREAM_DBOS_ENABLED", "true", "DUCTSTREAM_DBOS_QUEUE", queue)))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("DUCTSTREAM_DBOS_QUEUE=\"" + queue + "\" is not a name")
        .hasMessageContaining("letters, digits");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"DUCTSTREAM_DBOS_SCHEDULE", "DUCTSTREAM_DBOS_QUEUE", "DUCTSTREAM_DBOS_APP"})
  void aDbosVariableWithoutDbosEnabledIsRefusedRatherThanIgnored(String variable) {
    assertThatThrownBy(() -> ServerSettings.read(Map.of(variable, "*/10 * * * * *")))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith(variable + " is set but DUCTSTREAM_DBOS_ENABLED is not true")
        .hasMessageContaining("set DUCTSTREAM_DBOS_ENABLED=true");
  }

  @Test
  void aBadEnabledValueIsRefused() {
    assertThatThrownBy(() -> ServerSettings.read(Map.of("DUCTSTREAM_DBOS_ENABLED", "on")))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("DUCTSTREAM_DBOS_ENABLED=\"on\" is not a boolean");
  }
}
