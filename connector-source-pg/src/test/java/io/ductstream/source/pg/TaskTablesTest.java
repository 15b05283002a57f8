package io.ductstream.source.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class TaskTablesTest {
  @Test
  void tableNamesWithCommasQuotesAndDotsReachTheTaskAsTheyWere() {
    List<String> tables =
        List.of("public.items", "public.\"a,b\"", "\"My \"\"Schema\"\"\".\"x.y\"");
    String encoded = PostgresSourceConnector.encodeTables(tables);
    assertThat(PostgresSourceConnector.decodeTables(encoded)).isEqualTo(tables);
    assertThat(
            PostgresSourceConnector.decodeTables(PostgresSourceConnector.encodeTables(List.of())))
        .isEmpty();
  }

  @Test
  void aCommaJoinedListOfAnEarlierReleaseIsReadAsBefore() {
    assertThat(PostgresSourceConnector.decodeTables("public.a,public.b"))
        .containsExactly("public.a", "public.b");
    assertThat(PostgresSourceConnector.decodeTables("")).isEmpty();
    assertThat(PostgresSourceConnector.decodeTables(null)).isEmpty();
    assertThatThrownBy(() -> PostgresSourceConnector.decodeTables("[\"unclosed"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ductstream.task.tables");
  }
}
