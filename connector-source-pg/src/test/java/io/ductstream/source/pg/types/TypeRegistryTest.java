package io.ductstream.source.pg.types;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.api.Test;

class TypeRegistryTest {
  // Built-in types never touch the catalog connection.
  private final TypeRegistry registry = new TypeRegistry(null);

  @Test
  void sessionSettingsBecomePgjdbcOptions() {
    assertThat(TypeRegistry.SESSION_SETTINGS)
        .containsEntry("DateStyle", "ISO")
        .containsEntry("IntervalStyle", "postgres")
        .containsEntry("TimeZone", "UTC")
        .containsEntry("extra_float_digits", "3")
        .containsEntry("bytea_output", "hex")
        .containsEntry("lc_monetary", "C");
    assertThat(TypeRegistry.sessionOptions())
        .isEqualTo(
            "-c DateStyle=ISO -c IntervalStyle=postgres -c TimeZone=UTC -c extra_float_digits=3"
                + " -c bytea_output=hex -c lc_monetary=C");
  }

  @Test
  void builtinTypesAndTheirArraysNeedNoCatalog() {
    for (BuiltinType type : BuiltinType.values()) {
      assertThat(registry.binarySafe(type.oid)).as(type.typname).isTrue();
      assertThat(registry.binarySafe(type.arrayOid)).as(type.typname).isTrue();
      ValueDecoder array = registry.decoder(type.arrayOid, -1, 0);
      assertThat(array.schema().type()).isEqualTo(Schema.Type.ARRAY);
      assertThat(array.schema().valueSchema())
          .isEqualTo(registry.decoder(type.oid, -1, 0).schema());
    }
  }

  @Test
  void placeholderGoesToStringAndPlainBytesColumnsOnly() {
    for (BuiltinType type : BuiltinType.values()) {
      for (int typmod : new int[] {-1, ((10 << 16) | 2) + 4}) {
        Schema schema = registry.decoder(type.oid, typmod, 0).schema();
        boolean expected =
            schema.type() == Schema.Type.STRING
                || (schema.type() == Schema.Type.BYTES && schema.name() == null);
        assertThat(registry.decoder(type.oid, typmod, 0).takesPlaceholder())
            .as("%s %s", type.typname, schema)
            .isEqualTo(expected);
        assertThat(schema.isOptional()).isTrue();
      }
    }
  }

  @Test
  void arrayColumnTypmodAppliesToItsElements() {
    ValueDecoder numericArray = registry.decoder(1231, ((10 << 16) | 2) + 4, 1);
    assertThat(numericArray.schema().valueSchema().parameters()).containsEntry("scale", "2");
  }

  @Test
  void cachedDecodersStayBoundedAndAForgottenOneIsBuiltAgainAlike() {
    // numeric(p,s) typmods: every one a decoder of its own, as tables come and go
    int numeric = 1700;
    ValueDecoder first = registry.decoder(numeric, ((10 + 0) << 16 | 2) + 4, 0);
    for (int precision = 1; precision <= 1000; precision++) {
      for (int scale = 0; scale < 5; scale++) {
        registry.decoder(numeric, (precision << 16 | scale) + 4, 0);
      }
    }
    assertThat(registry.cachedDecoders()).isEqualTo(TypeRegistry.MAX_CACHED);
    ValueDecoder again = registry.decoder(numeric, ((10 + 0) << 16 | 2) + 4, 0);
    assertThat(again.schema()).isEqualTo(first.schema());
  }
}
