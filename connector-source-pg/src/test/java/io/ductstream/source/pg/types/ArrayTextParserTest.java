package io.ductstream.source.pg.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class ArrayTextParserTest {
  private static final ValueDecoder TEXT = new StringDecoder(Schema.OPTIONAL_STRING_SCHEMA);

  @Test
  void flatArrayWithNull() {
    assertThat(parse("{1,2,NULL}", Int32Decoder.INSTANCE)).isEqualTo(Arrays.asList(1, 2, null));
  }

  @Test
  void nestedArrayReportsItsDepth() {
    ArrayTextParser parser = parser("{{1,2},{3,4}}", Int32Decoder.INSTANCE, ',');
    assertThat(parser.parse()).isEqualTo(List.of(List.of(1, 2), List.of(3, 4)));
    assertThat(parser.depth()).isEqualTo(2);
  }

  @Test
  void quotedElementsKeepDelimitersQuotesAndTheWordNull() {
    assertThat(parse("{\"a,b\",\"c\\\"d\",NULL,\"NULL\",null,\"\",\"\\\\\"}", TEXT))
        .isEqualTo(Arrays.asList("a,b", "c\"d", null, "NULL", null, "", "\\"));
  }

  @Test
  void unquotedEscapesAndSurroundingWhitespace() {
    assertThat(parse("{ a\\,b , c\\\"d ,  x y  }", TEXT)).isEqualTo(List.of("a,b", "c\"d", "x y"));
  }

  @Test
  void emptyArrayHasNoDimensions() {
    ArrayTextParser parser = parser("{}", TEXT, ',');
    assertThat(parser.parse()).isEmpty();
    assertThat(parser.depth()).isZero();
  }

  @Test
  void boundsPrefixIsSkipped() {
    assertThat(parse("[0:1]={7,8}", Int32Decoder.INSTANCE)).isEqualTo(List.of(7, 8));
    assertThat(parse("[1:1][2:3]={{7,8}}", Int32Decoder.INSTANCE))
        .isEqualTo(List.of(List.of(7, 8)));
  }

  @Test
  void typeDelimiterSeparatesElements() {
    assertThat(parser("{(1,1),(0,0);(2,2),(1,1)}", TEXT, ';').parse())
        .isEqualTo(List.of("(1,1),(0,0)", "(2,2),(1,1)"));
  }

  @Test
  void multiByteElementsDecodeAsUtf8() {
    assertThat(parse("{é€,\"😀 x\"}", TEXT)).isEqualTo(List.of("é€", "😀 x"));
  }

  @Test
  void malformedArraysAreDataExceptions() {
    for (String bad : List.of("1,2", "{1,2", "{\"a}", "{1,2}x", "{1 2,}")) {
      assertThatThrownBy(() -> parse(bad, Int32Decoder.INSTANCE))
          .as(bad)
          .isInstanceOf(DataException.class);
    }
  }

  @Test
  void arrayDecoderWrapsFewerDimensionsAndRejectsMore() {
    ArrayDecoder twoDims = new ArrayDecoder(Int32Decoder.INSTANCE, 2, ',', "int4");
    assertThat(decodeText(twoDims, "{1,2}")).isEqualTo(List.of(List.of(1, 2)));
    assertThat(decodeText(twoDims, "{}")).isEqualTo(List.of());
    assertThatThrownBy(() -> decodeText(twoDims, "{{{1}}}"))
        .isInstanceOf(UnrepresentableValueException.class)
        .hasMessage(
            "array value has 3 dimensions but the column is declared with 2; declare the column"
                + " with its dimensions, e.g. ALTER TABLE ... ALTER COLUMN ... TYPE int4[][][]");
  }

  private static Object decodeText(ValueDecoder decoder, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return decoder.decodeText(ByteBuffer.wrap(bytes), 0, bytes.length);
  }

  private static List<Object> parse(String text, ValueDecoder element) {
    return parser(text, element, ',').parse();
  }

  private static ArrayTextParser parser(String text, ValueDecoder element, char delimiter) {
    byte[] bytes = ("##" + text + "##").getBytes(StandardCharsets.UTF_8);
    return new ArrayTextParser(
        ByteBuffer.wrap(bytes), 2, bytes.length - 4, element, (byte) delimiter);
  }
}
