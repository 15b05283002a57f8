package io.ductstream.contract.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class TrustedStructsTest {
  static final Schema INNER = SchemaBuilder.struct().field("n", Schema.INT64_SCHEMA).build();
  static final Schema ROW =
      SchemaBuilder.struct()
          .field("id", Schema.INT32_SCHEMA)
          .field("name", Schema.OPTIONAL_STRING_SCHEMA)
          .field("inner", INNER)
          .build();

  @Test
  void theFastPathIsInUseOnThisConnectVersion() {
    // if an upgrade of Connect hides Struct's value slots, everything still works through
    // Struct.put, only slower: this test makes the loss visible
    assertThat(TrustedStructs.direct()).isTrue();
  }

  @Test
  void setValuesReadBackAndValidateLikePut() {
    Struct inner = new Struct(INNER).put("n", 5L);
    Struct row = new Struct(ROW);
    TrustedStructs.set(row, ROW.field("id"), 42);
    TrustedStructs.set(row, ROW.field("name"), "ada");
    TrustedStructs.set(row, ROW.field("inner"), inner);

    Struct checked = new Struct(ROW).put("id", 42).put("name", "ada").put("inner", inner);
    assertThat(row).isEqualTo(checked);
    assertThat(row.getInt32("id")).isEqualTo(42);
    assertThat(row.getStruct("inner").getInt64("n")).isEqualTo(5L);
    row.validate();
  }

  @Test
  void aNullForARequiredFieldIsRefusedAsPutRefusesIt() {
    Struct row = new Struct(ROW);
    assertThatThrownBy(() -> TrustedStructs.set(row, ROW.field("id"), null))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("id");
    TrustedStructs.set(row, ROW.field("name"), null); // optional: fine
    assertThat(row.get("name")).isNull();
  }

  @Test
  void ofFillsFieldsInOrderAndLeavesNullsForOptionalFields() {
    Struct inner = new Struct(INNER).put("n", 1L);
    Struct row = TrustedStructs.of(ROW, 7, null, inner);
    assertThat(row).isEqualTo(new Struct(ROW).put("id", 7).put("inner", inner));
    assertThat(row.getString("name")).isNull();
    row.validate();
  }
}
