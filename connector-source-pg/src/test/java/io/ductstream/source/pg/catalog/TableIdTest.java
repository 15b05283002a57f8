package io.ductstream.source.pg.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.source.pg.decoding.RelationMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableIdTest {

  @Test
  void aNameWithoutSchemaIsInPublicAndSpacesAroundAreIgnored() {
    assertThat(TableId.parse(" orders ")).isEqualTo(new TableId("public", "orders"));
    assertThat(TableId.parse("sales.orders")).isEqualTo(new TableId("sales", "orders"));
    assertThat(TableId.parse("sales.orders").toString()).isEqualTo("sales.orders");
  }

  @Test
  void caseIsKeptAsWrittenQuotedOrNot() {
    assertThat(TableId.parse("Sales.Orders")).isEqualTo(new TableId("Sales", "Orders"));
    assertThat(TableId.parse("\"Sales\".\"Orders\"")).isEqualTo(new TableId("Sales", "Orders"));
    assertThat(TableId.parse("Sales.Orders")).isNotEqualTo(TableId.parse("sales.orders"));
  }

  @Test
  void dotsBelongToQuotedNamesAndAnUnquotedSchemaEndsAtTheFirstDot() {
    TableId dotted = TableId.parse("\"my.schema\".\"t.1\"");
    assertThat(dotted).isEqualTo(new TableId("my.schema", "t.1"));
    assertThat(dotted.quoted()).isEqualTo("\"my.schema\".\"t.1\"");
    assertThat(dotted.toString()).isEqualTo("\"my.schema\".\"t.1\"");
    assertThat(TableId.parse(dotted.toString())).isEqualTo(dotted);
    // as before quoting was understood: the rest after the first dot is the table
    assertThat(TableId.parse("s.t.1")).isEqualTo(new TableId("s", "t.1"));
    assertThat(TableId.parse("s.t.1").toString()).isEqualTo("s.t.1");
    assertThat(TableId.parse("\"my.schema\".t")).isEqualTo(new TableId("my.schema", "t"));
  }

  @Test
  void quotesAreDoubledInsideQuotedNamesAndInSql() {
    TableId quoted = TableId.parse("\"we\"\"ird\".\"ta\"\"ble\"");
    assertThat(quoted).isEqualTo(new TableId("we\"ird", "ta\"ble"));
    assertThat(quoted.quoted()).isEqualTo("\"we\"\"ird\".\"ta\"\"ble\"");
    assertThat(TableId.quote("a\"b")).isEqualTo("\"a\"\"b\"");
    assertThat(TableId.parse(new TableId("\"lead", "x").toString()))
        .isEqualTo(new TableId("\"lead", "x"));
  }

  @Test
  void malformedNamesAreRefusedWithTheFix() {
    for (String bad :
        List.of("", "  ", ".t", "s.", "\"open.t", "\"s\"x.t", "\"s\".\"t\"x", "\"\"")) {
      assertThatThrownBy(() -> TableId.parse(bad), bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("schema.table");
    }
  }

  @Test
  void aRelationMessageNamesItsTable() {
    RelationMessage relation = new RelationMessage(1, "s", "t", 'd', List.of());
    assertThat(TableId.of(relation)).isEqualTo(new TableId("s", "t"));
    assertThat(new TableId("s", "t").names(relation)).isTrue();
    assertThat(new TableId("s", "u").names(relation)).isFalse();
  }

  @Test
  void listsSplitAtCommasOutsideQuotedNames() {
    assertThat(TableId.splitList("")).isEmpty();
    assertThat(TableId.splitList(" a , s.b,\"c,d\" ,\"x\".\"y,\"\"z\""))
        .containsExactly("a", "s.b", "\"c,d\"", "\"x\".\"y,\"\"z\"");
    // a quote inside an unquoted name is a character of the name
    assertThat(TableId.splitList("public.quote\"d,b")).containsExactly("public.quote\"d", "b");
    assertThat(TableId.splitList("a,,b")).containsExactly("a", "", "b");
    // an unclosed quote runs to the end, where parse reports it
    assertThat(TableId.splitList("a,\"b,c")).containsExactly("a", "\"b,c");
    for (TableId id :
        List.of(
            new TableId("Odd Schema", "Order.Items"),
            new TableId("public", "a,b"),
            new TableId("my.app", "quote\"d, v1"))) {
      assertThat(TableId.splitList(id.quoted() + "," + id.quoted()).stream().map(TableId::parse))
          .containsExactly(id, id);
    }
  }
}
