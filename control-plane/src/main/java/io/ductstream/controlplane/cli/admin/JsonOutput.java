package io.ductstream.controlplane.cli.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.io.PrintWriter;

/**
 * Prints responses as JSON with the proto field names ({@code wire_format}), every field included,
 * so a printed flow can be edited and fed back to {@code flow create -f}. Characters such as {@code
 * =} and {@code <} are printed as they are: JsonFormat escapes them for HTML ({@code \u003d}),
 * which a DSN or a config value shows badly, so its output is printed again with Jackson, which
 * does not.
 */
final class JsonOutput {
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().preservingProtoFieldNames().alwaysPrintFieldsWithNoPresence();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Two-space indents and {@code "key": value}, as JsonFormat prints. */
  private static final ObjectWriter PLAIN =
      MAPPER.writer(
          new DefaultPrettyPrinter()
              .withObjectIndenter(new DefaultIndenter("  ", "\n"))
              .withSeparators(
                  com.fasterxml.jackson.core.util.Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(
                          com.fasterxml.jackson.core.util.Separators.Spacing.AFTER)));

  private JsonOutput() {}

  static void print(PrintWriter out, MessageOrBuilder message) {
    out.println(json(message));
    out.flush();
  }

  static String json(MessageOrBuilder message) {
    try {
      return PLAIN.writeValueAsString(MAPPER.readTree(PRINTER.print(message)));
    } catch (InvalidProtocolBufferException | JsonProcessingException e) {
      // Only Any fields with unknown types fail to print; ductstream.v1 has none.
      throw new IllegalStateException(
          "cannot print " + message.getClass().getSimpleName() + " as JSON", e);
    }
  }
}
