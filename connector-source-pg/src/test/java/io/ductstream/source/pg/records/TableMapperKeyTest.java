package io.ductstream.source.pg.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.schema.ChangeEnvelope;
import io.ductstream.source.pg.config.TopicNames;
import io.ductstream.source.pg.config.TopicRouting;
import io.ductstream.source.pg.decoding.RelationMessage;
import io.ductstream.source.pg.types.ValueDecoder;
import java.nio.ByteBuffer;
import java.util.List;
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
}
