package io.ductstream.sink.s3.naming;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ObjectNamerTest {
  @Test
  void dataKeyIsPrefixTablePartitionTopicPartitionAndPaddedFirstOffset() {
    ObjectNamer namer = new ObjectNamer("/cdc/shop/");
    assertThat(
            namer.dataKey(
                "public/orders", "date=2026-11-25", "shop.public.orders", 3, 42, ".parquet"))
        .isEqualTo(
            "cdc/shop/public/orders/date=2026-11-25/shop.public.orders+3+00000000000000000042.parquet");
    assertThat(namer.dataKey("events", "", "events", 0, 0, ".jsonl"))
        .isEqualTo("cdc/shop/events/events+0+00000000000000000000.jsonl");
  }

  @Test
  void emptyPrefixWritesAtTheBucketRoot() {
    ObjectNamer namer = new ObjectNamer("");
    assertThat(namer.dataKey("t", "", "t", 1, 7, ".avro"))
        .isEqualTo("t/t+1+00000000000000000007.avro");
    assertThat(namer.schemaKey("public/orders", 0xabcL))
        .isEqualTo("public/orders/_schemas/0000000000000abc.json");
  }

  @Test
  void versionedSchemasAreNamedByTheirVersion() {
    ObjectNamer namer = new ObjectNamer("cdc");
    assertThat(namer.versionedSchemaKey("public/orders", 2))
        .isEqualTo("cdc/public/orders/_schemas/v2.json");
  }

  @Test
  void negativeFingerprintsAreSixteenHexDigits() {
    assertThat(ObjectNamer.fingerprintText(-1L)).isEqualTo("ffffffffffffffff");
  }

  @Test
  void indexKeysRoundTripTheirOffsetRange() {
    ObjectNamer namer = new ObjectNamer("p");
    String key = namer.indexKey("orders", 2, 10, 19);
    assertThat(key).isEqualTo("p/_index/orders+2/00000000000000000010-00000000000000000019");
    assertThat(key).startsWith(namer.indexFolder("orders", 2));
    assertThat(ObjectNamer.parseIndexKey(key)).contains(new ObjectNamer.OffsetRange(10, 19));
    assertThat(ObjectNamer.parseIndexKey("p/_index/orders+2/junk")).isEmpty();
  }
}
