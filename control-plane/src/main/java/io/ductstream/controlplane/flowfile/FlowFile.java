package io.ductstream.controlplane.flowfile;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import io.ductstream.api.v1.CreateFlowRequest;
import io.ductstream.api.v1.Flow;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a flow file: either a bare {@code Flow} with short lower-case enum values ({@code "type":
 * "postgres"}, {@code "wire_format": "arrow"}), as in {@code examples/flows/*.json}, or a grpcurl
 * body {@code {"flow": {...}, "start_immediately": true}} with full enum names. Both become a
 * {@link CreateFlowRequest}.
 */
public final class FlowFile {
  private static final String UNSPECIFIED = "UNSPECIFIED";

  private FlowFile() {}

  /**
   * Parses the JSON text of a flow file.
   *
   * @throws FlowFileException naming the offending field or value
   */
  public static CreateFlowRequest parse(String json) {
    Struct document = parseObject(json);
    boolean request = document.containsFields("flow");
    Descriptor type = request ? CreateFlowRequest.getDescriptor() : Flow.getDescriptor();
    Struct normalized = withFullEnumNames(document, type);
    try {
      String normalizedJson = JsonFormat.printer().print(normalized);
      if (request) {
        CreateFlowRequest.Builder builder = CreateFlowRequest.newBuilder();
        JsonFormat.parser().merge(normalizedJson, builder);
        return builder.build();
      }
      Flow.Builder flow = Flow.newBuilder();
      JsonFormat.parser().merge(normalizedJson, flow);
      return CreateFlowRequest.newBuilder().setFlow(flow).build();
    } catch (InvalidProtocolBufferException e) {
      throw new FlowFileException("it is not a " + type.getFullName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The full enum value name for a short one: {@code ("postgres", EndpointType)} gives {@code
   * ENDPOINT_TYPE_POSTGRES}. Full names pass through unchanged.
   *
   * @throws FlowFileException if {@code value} is neither
   */
  public static String fullEnumName(EnumDescriptor type, String field, String value) {
    if (type.findValueByName(value) != null) {
      return value;
    }
    String prefix = prefix(type);
    String full = prefix + value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    if (!full.endsWith(UNSPECIFIED) && type.findValueByName(full) != null) {
      return full;
    }
    throw new FlowFileException(
        "\""
            + field
            + "\": \""
            + value
            + "\" is not a "
            + type.getFullName()
            + "; use one of "
            + type.getValues().stream()
                .map(EnumValueDescriptor::getName)
                .filter(name -> !name.endsWith(UNSPECIFIED))
                .map(name -> name.substring(prefix.length()).toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", ")));
  }

  private static Struct parseObject(String json) {
    Struct.Builder document = Struct.newBuilder();
    try {
      JsonFormat.parser().merge(json, document);
    } catch (InvalidProtocolBufferException e) {
      throw new FlowFileException("it is not a JSON object: " + e.getMessage(), e);
    }
    return document.build();
  }

  /** Walks the JSON alongside the message type and rewrites short enum values to full ones. */
  private static Struct withFullEnumNames(Struct object, Descriptor type) {
    Struct.Builder result = Struct.newBuilder();
    for (Map.Entry<String, Value> entry : object.getFieldsMap().entrySet()) {
      FieldDescriptor field = field(type, entry.getKey());
      Value value = entry.getValue();
      result.putFields(entry.getKey(), field == null ? value : normalize(field, value));
    }
    return result.build();
  }

  private static Value normalize(FieldDescriptor field, Value value) {
    if (value.hasListValue() && field.isRepeated()) {
      ListValue.Builder list = ListValue.newBuilder();
      value
          .getListValue()
          .getValuesList()
          .forEach(element -> list.addValues(normalizeOne(field, element)));
      return Value.newBuilder().setListValue(list).build();
    }
    return normalizeOne(field, value);
  }

  private static Value normalizeOne(FieldDescriptor field, Value value) {
    if (field.isMapField()) {
      return value;
    }
    if (field.getJavaType() == FieldDescriptor.JavaType.ENUM && value.hasStringValue()) {
      return Value.newBuilder()
          .setStringValue(
              fullEnumName(field.getEnumType(), field.getName(), value.getStringValue()))
          .build();
    }
    if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && value.hasStructValue()) {
      return Value.newBuilder()
          .setStructValue(withFullEnumNames(value.getStructValue(), field.getMessageType()))
          .build();
    }
    return value;
  }

  /**
   * A field by its proto name ({@code wire_format}) or JSON name ({@code wireFormat}), as
   * JsonFormat does.
   */
  private static FieldDescriptor field(Descriptor type, String name) {
    FieldDescriptor field = type.findFieldByName(name);
    if (field != null) {
      return field;
    }
    return type.getFields().stream()
        .filter(f -> f.getJsonName().equals(name))
        .findFirst()
        .orElse(null);
  }

  /** {@code FLOW_STATE_} for FlowState: the zero value's name without {@code UNSPECIFIED}. */
  private static String prefix(EnumDescriptor type) {
    String zero = type.findValueByNumber(0).getName();
    return zero.endsWith(UNSPECIFIED)
        ? zero.substring(0, zero.length() - UNSPECIFIED.length())
        : "";
  }
}
