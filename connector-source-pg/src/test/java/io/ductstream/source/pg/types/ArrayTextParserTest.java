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
  void nestedArrayReportsItsDepthSizesAndStorageOrder() {
    ArrayTextParser parser = parser("{{1,2,3},{4,5,6}}", Int32Decoder.INSTANCE, ',');
    parser.parse();
    assertThat(parser.elements()).isEqualTo(List.of(1, 2, 3, 4, 5, 6));
    assertThat(parser.depth()).isEqualTo(2);
    assertThat(parser.size(0)).isEqualTo(2);
    assertThat(parser.size(1)).isEqualTo(3);
    assertThat(parser.lowerBound(0)).isEqualTo(1);
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
    parser.parse();
    assertThat(parser.elements()).isEmpty();
    assertThat(parser.depth()).isZero();
  }

  @Test
  void boundsPrefixGivesLowerBounds() {
    ArrayTextParser parser = parser("[-3:-2][2:3]={{7,8},{9,10}}", Int32Decoder.INSTANCE, ',');
    parser.parse();
    assertThat(parser.elements()).isEqualTo(List.of(7, 8, 9, 10));
    assertThat(parser.lowerBound(0)).isEqualTo(-3);
    assertThat(parser.lowerBound(1)).isEqualTo(2);
  }

  @Test
  void typeDelimiterSeparatesElements() {
    assertThat(parse("{(1,1),(0,0);(2,2),(1,1)}", TEXT, ';'))
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
  void arrayDecoderCarriesShapesItsListsCannotShowAsOverflow() {
    ArrayDecoder twoDims = new ArrayDecoder(Int32Decoder.INSTANCE, 2, ',');
    assertThat(decodeText(twoDims, "{{1,2}}")).isEqualTo(List.of(List.of(1, 2)));
    assertThat(decodeText(twoDims, "{}")).isEqualTo(List.of());
    assertThat(decodeText(twoDims, "{1,2}"))
        .isEqualTo(new OverflowValue(List.of(List.of(1, 2)), "[1:2]"));
    // three dimensions in a two-dimensional column: the outer two merge
    assertThat(decodeText(twoDims, "{{{1,2},{3,4}},{{5,6},{7,8}}}"))
        .isEqualTo(
            new OverflowValue(
                List.of(List.of(1, 2), List.of(3, 4), List.of(5, 6), List.of(7, 8)),
                "[1:2][1:2][1:2]"));
    assertThat(decodeText(twoDims, "[0:0][-1:0]={{1,2}}"))
        .isEqualTo(new OverflowValue(List.of(List.of(1, 2)), "[0:0][-1:0]"));
  }

  @Test
  void overflowingElementsAreListedInAnArrayLiteral() {
    ArrayDecoder numerics = new ArrayDecoder(DecimalDecoder.forTypmod((5 << 16) + 2 + 4), 1, ',');
    assertThat(decodeText(numerics, "{1.50,NaN,NULL}"))
        .isEqualTo(
            new OverflowValue(
                Arrays.asList(new java.math.BigDecimal("1.50"), null, null),
                "[1:3]={NULL,\"NaN\",NULL}"));
  }

  private static Object decodeText(ValueDecoder decoder, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return decoder.decodeText(ByteBuffer.wrap(bytes), 0, bytes.length);
  }

  private static List<Object> parse(String text, ValueDecoder element) {
    return parse(text, element, ',');
  }

  private static List<Object> parse(String text, ValueDecoder element, char delimiter) {
    ArrayTextParser parser = parser(text, element, delimiter);
    parser.parse();
    return parser.elements();
  }

  private static ArrayTextParser parser(String text, ValueDecoder element, char delimiter) {
    byte[] bytes = ("##" + text + "##").getBytes(StandardCharsets.UTF_8);
    return new ArrayTextParser(
        ByteBuffer.wrap(bytes), 2, bytes.length - 4, element, (byte) delimiter);
  }
}
