package io.ductstream.source.pg.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.contract.envelope.ChangeEnvelope;
import io.ductstream.source.pg.config.TopicNames;
import io.ductstream.source.pg.config.TopicRouting;
import io.ductstream.source.pg.decoding.RelationMessage;
import io.ductstream.source.pg.types.ValueDecoder;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class TableMapperKeyTest {
  private static final ValueDecoder INT =
      new ValueDecoder() {
        @Override
        public Schema schema() {
          return Schema.OPTIONAL_INT32_SCHEMA;
        }

        @Override
        public Object decodeBinary(ByteBuffer buf, int offset, int length) {
          return buf.getInt(offset);
        }

        @Override
        public Object decodeText(ByteBuffer buf, int offset, int length) {
          return Integer.parseInt(new String(buf.array(), offset, length));
        }

        @Override
        public boolean takesPlaceholder() {
          return false;
        }
      };

  private static RelationMessage orders(String keyColumn) {
    return new RelationMessage(
        16384,
        "shop",
        "orders",
        'd',
        List.of(
            new RelationMessage.Column(keyColumn, 23, -1, true),
            new RelationMessage.Column("qty", 23, -1, false)));
  }

  private static TableMapper mapper(TopicRouting routing, String keyColumn) {
    return new TableMapper(
        orders(keyColumn),
        new TopicNames("app", routing),
        new ValueDecoder[] {INT, INT},
        new int[] {0},
        "__unchanged");
  }

  private static Struct row(TableMapper mapper, int id, int qty) {
    Struct row = new Struct(mapper.envelopeSchema().field(ChangeEnvelope.AFTER).schema());
    return row.put("id", id).put("qty", qty);
  }

  @Test
  void perTableRoutingKeysByThePrimaryKeyOnTheTablesOwnTopic() {
    TableMapper mapper = mapper(TopicRouting.TABLE, "id");

    Struct key = mapper.key(row(mapper, 7, 1));

    assertThat(mapper.topic()).isEqualTo("app.shop.orders");
    assertThat(key.schema().name()).isEqualTo("app.shop.orders.Key");
    assertThat(key.schema().fields()).extracting(Field::name).containsExactly("id");
    assertThat(key.getInt32("id")).isEqualTo(7);
    assertThat(ChangeEnvelope.hasTableInKey(key.schema())).isFalse();
  }

  @Test
  void singleRoutingSendsEveryTableToThePrefixTopicKeyedByTableAndPrimaryKey() {
    TableMapper mapper = mapper(TopicRouting.SINGLE, "id");

    Struct key = mapper.key(row(mapper, 7, 1));

    assertThat(mapper.topic()).isEqualTo("app");
    assertThat(key.schema().name()).isEqualTo("app.shop.orders.Key");
    assertThat(mapper.envelopeSchema().name()).isEqualTo("app.shop.orders.Envelope");
    assertThat(key.schema().fields())
        .extracting(Field::name)
        .containsExactly("__namespace", "__table", "id");
    assertThat(key.getString("__namespace")).isEqualTo("shop");
    assertThat(key.getString("__table")).isEqualTo("orders");
    assertThat(key.getInt32("id")).isEqualTo(7);
    assertThat(ChangeEnvelope.hasTableInKey(key.schema())).isTrue();
    assertThat(key)
        .isEqualTo(mapper.key(row(mapper, 7, 2)))
        .isNotEqualTo(mapper.key(row(mapper, 8, 1)));
  }

  @Test
  void aKeyColumnNamedLikeTheTableFieldsIsRefusedOnlyOnASharedTopic() {
    assertThat(mapper(TopicRouting.TABLE, "__table").topic()).isEqualTo("app.shop.orders");
    assertThatThrownBy(() -> mapper(TopicRouting.SINGLE, "__table"))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("shop.orders has a key column named __table")
        .hasMessageContaining("topic.routing=table");
  }

  @Test
  void aKeyValueItsColumnCannotHoldTravelsInTheKeysOverflowSoKeysStayDistinct() {
    TableMapper mapper = mapper(TopicRouting.TABLE, "id");
    Schema rowSchema = mapper.envelopeSchema().field(ChangeEnvelope.AFTER).schema();
    CheckedStruct first = new CheckedStruct(rowSchema);
    first.put("qty", 1);
    first.overflow("id", "first text");
    CheckedStruct second = new CheckedStruct(rowSchema);
    second.put("qty", 1);
    second.overflow("id", "second text");
    CheckedStruct otherColumn = new CheckedStruct(rowSchema);
    otherColumn.put("id", 7);
    otherColumn.overflow("qty", "NaN");

    Struct key = mapper.key(first);

    assertThat(key.schema().name()).isEqualTo("app.shop.orders.Key");
    assertThat(key.schema().fields())
        .extracting(Field::name)
        .containsExactly("id", ChangeEnvelope.KEY_OVERFLOW);
    assertThat(key.get("id")).isNull();
    assertThat(key.getMap(ChangeEnvelope.KEY_OVERFLOW)).isEqualTo(Map.of("id", "first text"));
    assertThat(key).isNotEqualTo(mapper.key(second));
    assertThat(mapper.key(second).schema()).isSameAs(key.schema());
    // an overflow outside the key leaves the key as it always is
    assertThat(mapper.key(otherColumn).schema()).isSameAs(mapper.keySchema());
  }

  @Test
  void aKeyColumnNamedLikeTheKeysOverflowIsRefusedOnlyWhenAKeyValueOverflows() {
    TableMapper mapper = mapper(TopicRouting.TABLE, ChangeEnvelope.KEY_OVERFLOW);
    Schema rowSchema = mapper.envelopeSchema().field(ChangeEnvelope.AFTER).schema();
    CheckedStruct row = new CheckedStruct(rowSchema);
    row.put(ChangeEnvelope.KEY_OVERFLOW, 3);
    assertThat(mapper.key(row).get(ChangeEnvelope.KEY_OVERFLOW)).isEqualTo(3);

    CheckedStruct overflowing = new CheckedStruct(rowSchema);
    overflowing.overflow(ChangeEnvelope.KEY_OVERFLOW, "text");
    assertThatThrownBy(() -> mapper.key(overflowing))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("shop.orders has a key column named __overflow")
        .hasMessageContaining("rename the column");
  }
}
