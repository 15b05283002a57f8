package io.ductstream.source.pg.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.contract.envelope.SemanticTypes;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TextTypesIT {
  private static final int ONE_MB = 1024 * 1024;
  private static ColumnReadBack db;

  @BeforeAll
  static void openDatabase() throws Exception {
    db = ColumnReadBack.open("types_text");
  }

  @AfterAll
  static void closeDatabase() throws Exception {
    db.close();
  }

  @Test
  void textKeepsEmptyOneMegabyteUnicodeAndControlCharacters() throws Exception {
    String megabyte = "aé€😀".repeat(ONE_MB / 10);
    ValueDecoder decoder =
        db.assertReadsBack(
            "text",
            List.of(
                "NULL",
                "''",
                "repeat('aé€😀', " + ONE_MB / 10 + ")",
                "E'line1\\nline2\\t\\\\ \"q\" ''s\\r'",
                "'NULL'",
                "'{a,b}'"),
            Arrays.asList(null, "", megabyte, "line1\nline2\t\\ \"q\" 's\r", "NULL", "{a,b}"));
    assertThat(decoder.schema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
    assertThat(decoder.takesPlaceholder()).isTrue();
  }

  @Test
  void varcharKeepsItsValue() throws Exception {
    db.assertReadsBack("varchar(5)", List.of("''", "'abc'", "'ab  '"), List.of("", "abc", "ab  "));
  }

  @Test
  void charKeepsItsPadding() throws Exception {
    ValueDecoder decoder =
        db.assertReadsBack(
            "char(5)", List.of("'ab'", "''", "'abcde'"), List.of("ab   ", "     ", "abcde"));
    assertThat(decoder.schema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
  }

  @Test
  void nameKeepsItsValue() throws Exception {
    String longest = "n".repeat(63);
    db.assertReadsBack(
        "name", List.of("'pg_catalog'", "'" + longest + "'"), List.of("pg_catalog", longest));
  }

  @Test
  void singleByteCharIsTextAsCharoutPrintsIt() throws Exception {
    // "char" 0 prints as '' and a high-bit byte as \ooo: binary bytes map to the same text.
    db.assertReadsBack(
        "\"char\"", List.of("'a'", "''", "'\\377'", "'\\101'"), List.of("a", "", "\\377", "A"));
  }

  @Test
  void byteaIsRawBytesIncludingEmptyAndOneMegabyte() throws Exception {
    byte[] megabyte = new byte[ONE_MB];
    for (int i = 0; i < megabyte.length; i++) {
      megabyte[i] = (byte) i;
    }
    ValueDecoder decoder =
        db.assertReadsBack(
            "bytea",
            List.of(
                "NULL",
                "''",
                "'\\x00ff10'",
                "(SELECT string_agg(set_byte('\\x00'::bytea, 0, i % 256), '') FROM"
                    + " generate_series(0, "
                    + (ONE_MB - 1)
                    + ") i)"),
            Arrays.asList(null, new byte[0], HexFormat.of().parseHex("00ff10"), megabyte));
    assertThat(decoder.schema()).isEqualTo(Schema.OPTIONAL_BYTES_SCHEMA);
    assertThat(decoder.takesPlaceholder()).isTrue();
    ColumnReadBack.Column column = db.store("bytea", List.of("'\\x01'"));
    assertThat(db.binary(column).get(0)).isInstanceOf(byte[].class);
    assertThat(db.text(column).get(0)).isInstanceOf(byte[].class);
  }

  @Test
  void uuidIsLowerCaseCanonical() throws Exception {
    ValueDecoder decoder =
        db.assertReadsBack(
            "uuid",
            List.of(
                "'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'",
                "'00000000-0000-0000-0000-000000000000'",
                "'{ffffffff-ffff-ffff-ffff-ffffffffffff}'",
                "NULL"),
            Arrays.asList(
                "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
                "00000000-0000-0000-0000-000000000000",
                "ffffffff-ffff-ffff-ffff-ffffffffffff",
                null));
    assertThat(decoder.schema().name()).isEqualTo(SemanticTypes.UUID);
    assertThat(decoder.schema().type()).isEqualTo(Schema.Type.STRING);
  }

  @Test
  void jsonIsTheTextAsStored() throws Exception {
    ValueDecoder decoder =
        db.assertReadsBack(
            "json",
            List.of("'{\"b\": 1,  \"a\": [1,2]}'", "'\"é\\u00e9\"'", "'null'", "NULL"),
            Arrays.asList("{\"b\": 1,  \"a\": [1,2]}", "\"é\\u00e9\"", "null", null));
    assertThat(decoder.schema().name()).isEqualTo(SemanticTypes.JSON);
  }

  @Test
  void jsonbIsTheNormalizedTextPostgresPrints() throws Exception {
    ValueDecoder decoder =
        db.assertReadsBack(
            "jsonb",
            List.of(
                "'{\"b\": 1,  \"a\": [1,2], \"c\": \"é\"}'",
                "'[]'",
                "'1.50'",
                "jsonb_build_object('k', repeat('x', " + ONE_MB + "))"),
            List.of(
                "{\"a\": [1, 2], \"b\": 1, \"c\": \"é\"}",
                "[]",
                "1.50",
                "{\"k\": \"" + "x".repeat(ONE_MB) + "\"}"));
    assertThat(decoder.schema().name()).isEqualTo(SemanticTypes.JSON);
    assertThat(decoder.takesPlaceholder()).isTrue();
  }

  @Test
  void xmlIsItsTextUnderPgText() throws Exception {
    ValueDecoder decoder =
        db.assertReadsBack(
            "xml",
            List.of("'<a x=\"1\">t é</a>'", "'<?xml version=\"1.0\"?><r/>'"),
            List.of("<a x=\"1\">t é</a>", "<r/>"));
    assertThat(decoder.schema().name()).isEqualTo(SemanticTypes.PG_TEXT);
    assertThat(decoder.schema().parameters()).containsEntry(SemanticTypes.PG_TYPE, "xml");
    assertThat(db.registry().binarySafe(142)).isTrue();
  }
}
