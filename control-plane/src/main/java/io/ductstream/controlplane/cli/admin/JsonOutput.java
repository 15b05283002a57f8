package io.ductstream.controlplane.cli.admin;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.io.PrintWriter;

/**
 * Prints responses as JSON with the proto field names ({@code wire_format}), every field included,
 * so a printed flow can be edited and fed back to {@code flow create -f}.
 */
final class JsonOutput {
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().preservingProtoFieldNames().alwaysPrintFieldsWithNoPresence();

  private JsonOutput() {}

  static void print(PrintWriter out, MessageOrBuilder message) {
    try {
      out.println(PRINTER.print(message));
    } catch (InvalidProtocolBufferException e) {
      // Only Any fields with unknown types fail to print; ductstream.v1 has none.
      throw new IllegalStateException(
          "cannot print " + message.getClass().getSimpleName() + " as JSON", e);
    }
    out.flush();
  }
}
