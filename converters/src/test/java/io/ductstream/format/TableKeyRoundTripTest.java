package io.ductstream.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.contract.envelope.ChangeEnvelope;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keys of a topic shared by several tables (the source's topic.routing=single) start with the
 * table's schema and name: every format carries them exactly, and two tables' rows with equal
 * primary keys never have equal key bytes (Kafka partitions and compacts by those bytes), while one
 * row's key is always the same bytes (its changes stay in one partition, in order).
 */
class TableKeyRoundTripTest {
  private static final Schema ORDERS_KEY =
      SchemaBuilder.struct()
          .name("app.public.orders.Key")
          .optional()
          .field(ChangeEnvelope.KEY_NAMESPACE, Schema.STRING_SCHEMA)
          .field(ChangeEnvelope.KEY_TABLE, Schema.STRING_SCHEMA)
          .field("id", Schema.INT32_SCHEMA)
          .build();
  private static final Schema CUSTOMERS_KEY =
      SchemaBuilder.struct()
          .name("app.sales.customers.Key")
          .optional()
          .field(ChangeEnvelope.KEY_NAMESPACE, Schema.STRING_SCHEMA)
          .field(ChangeEnvelope.KEY_TABLE, Schema.STRING_SCHEMA)
          .field("id", Schema.INT32_SCHEMA)
          .build();
  private static final Schema LINES_KEY =
      SchemaBuilder.struct()
          .name("app.public.order_lines.Key")
          .optional()
          .field(ChangeEnvelope.KEY_NAMESPACE, Schema.STRING_SCHEMA)
          .field(ChangeEnvelope.KEY_TABLE, Schema.STRING_SCHEMA)
          .field("order_no", Schema.STRING_SCHEMA)
          .field("line", Schema.INT64_SCHEMA)
          .build();

  @ParameterizedTest
  @ValueSource(strings = {"arrow", "parquet", "avro", "proto", "json"})
  void tableKeysRoundTripAndStayDistinctPerTable(String format) {
    Struct order = new Struct(ORDERS_KEY).put("__namespace", "public").put("__table", "orders");
    order.put("id", 1);
    Struct customer =
        new Struct(CUSTOMERS_KEY).put("__namespace", "sales").put("__table", "customers");
    customer.put("id", 1);
    Struct line = new Struct(LINES_KEY).put("__namespace", "public").put("__table", "order_lines");
    line.put("order_no", "A-17").put("line", 3L);

    for (Struct key : new Struct[] {order, customer, line}) {
      RecordHeaders headers = new RecordHeaders();
      byte[] bytes = converter(format).fromConnectData("app", headers, key.schema(), key);
      SchemaAndValue back = converter(format).toConnectData("app", headers, bytes);

      Struct read = (Struct) back.value();
      assertThat(back.schema().name()).as(format).isEqualTo(key.schema().name());
      assertThat(back.schema().fields())
          .extracting(Field::name)
          .as(format)
          .containsExactlyElementsOf(key.schema().fields().stream().map(Field::name).toList());
      assertThat(ChangeEnvelope.hasTableInKey(back.schema())).isTrue();
      for (Field field : key.schema().fields()) {
        assertThat(read.get(field.name()))
            .as(format + " " + field.name())
            .isEqualTo(key.get(field));
      }
    }

    byte[] orderBytes =
        converter(format).fromConnectData("app", new RecordHeaders(), ORDERS_KEY, order);
    byte[] customerBytes =
        converter(format).fromConnectData("app", new RecordHeaders(), CUSTOMERS_KEY, customer);
    byte[] orderAgain =
        converter(format).fromConnectData("app", new RecordHeaders(), ORDERS_KEY, order);
    assertThat(orderBytes).as(format + ": one row, one key").isEqualTo(orderAgain);
    assertThat(orderBytes).as(format + ": id 1 of two tables").isNotEqualTo(customerBytes);
  }

  private static WireFormatConverter converter(String format) {
    WireFormatConverter converter = new WireFormatConverter();
    converter.configure(Map.of("format", format), true);
    return converter;
  }
}
