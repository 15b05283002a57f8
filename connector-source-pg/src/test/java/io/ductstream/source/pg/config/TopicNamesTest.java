package io.ductstream.source.pg.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.internals.Topic;
import org.junit.jupiter.api.Test;

class TopicNamesTest {
  private final TopicNames names = new TopicNames("shop", TopicRouting.TABLE);

  @Test
  void aTableNamedWithTopicCharactersKeepsItsNameAsTheTopic() {
    assertThat(names.topic("public", "orders")).isEqualTo("shop.public.orders");
    assertThat(names.topic("Sales", "Order_Items-2")).isEqualTo("shop.Sales.Order_Items-2");
    assertThat(names.plainTopic("Sales", "Order_Items-2")).isTrue();
  }

  @Test
  void otherCharactersBecomeUnderscoresAndAHashOfTheNameIsAppended() {
    // the hash: the first 4 bytes of SHA-256("Odd Schema" NUL "Order.Items"), in hex
    assertThat(names.topic("Odd Schema", "Order.Items"))
        .isEqualTo("shop.Odd_Schema.Order_Items.6da17945");
    assertThat(names.topic("public", "ÜnïcödeTäble"))
        .isEqualTo("shop.public._n_c_deT_ble.3d020bd6");
    // a character outside the BMP is one underscore, not two
    assertThat(names.topic("public", "t\uD83D\uDE00")).startsWith("shop.public.t_.");
    assertThat(names.plainTopic("public", "a,b")).isFalse();
    assertThat(names.schemaName("public", "a,b")).isEqualTo("shop.public.a,b");
  }

  @Test
  void tablesThatWouldShareATopicGetDistinctOnes() {
    List<String[]> tables =
        List.of(
            new String[] {"a.b", "c"},
            new String[] {"a", "b.c"},
            new String[] {"a", "b_c"},
            new String[] {"a", "b c"},
            new String[] {"a", "b,c"},
            new String[] {"a_b", "c"},
            new String[] {"a", "b_c.ffffffff"});
    Set<String> topics = new HashSet<>();
    for (String[] t : tables) {
      String topic = names.topic(t[0], t[1]);
      Topic.validate(topic);
      assertThat(topics.add(topic)).as("%s.%s -> %s", t[0], t[1], topic).isTrue();
    }
  }

  @Test
  void aTopicTooLongForKafkaIsCutBeforeTheHash() {
    TopicNames longPrefix = new TopicNames("p".repeat(200), TopicRouting.TABLE);
    String table = "t".repeat(63);
    String topic = longPrefix.topic("public", table);
    assertThat(topic).hasSize(TopicNames.MAX_TOPIC_LENGTH).startsWith("p".repeat(200) + ".public.");
    Topic.validate(topic);
    assertThat(longPrefix.topic("public", "t".repeat(62) + "u")).isNotEqualTo(topic);
  }

  @Test
  void aSingleTopicIsThePrefixWhateverTheTable() {
    assertThat(new TopicNames("shop", TopicRouting.SINGLE).topic("Odd Schema", "a,b"))
        .isEqualTo("shop");
  }
}
