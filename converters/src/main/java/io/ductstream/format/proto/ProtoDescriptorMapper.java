package io.ductstream.format.proto;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Descriptors.Descriptor;
import io.ductstream.format.mapping.SchemaNode;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.connect.errors.DataException;

/**
 * Connect schema → protobuf descriptor (proto2 syntax, one file, messages at top level), laid out
 * by {@link ProtoLayout}. Message names come from struct names where there are any.
 */
public final class ProtoDescriptorMapper {
  static final String PACKAGE = "ductstream";

  private final FileDescriptorProto.Builder file =
      FileDescriptorProto.newBuilder().setName("ductstream_record.proto").setPackage(PACKAGE);
  private final Set<String> names = new HashSet<>();

  private ProtoDescriptorMapper() {}

  /** The descriptor of the message a record of {@code root} is encoded as. */
  public static Descriptor toDescriptor(SchemaNode root) {
    ProtoDescriptorMapper mapper = new ProtoDescriptorMapper();
    String rootName =
        ProtoLayout.wrapsRoot(root)
            ? mapper.wrapper(root, "Value")
            : mapper.struct(root, root.name() == null ? "Record" : root.name());
    try {
      return Descriptors.FileDescriptor.buildFrom(
              mapper.file.build(), new Descriptors.FileDescriptor[0])
          .findMessageTypeByName(rootName);
    } catch (Descriptors.DescriptorValidationException e) {
      throw new DataException("cannot build a protobuf descriptor: " + e.getMessage(), e);
    }
  }

  private String struct(SchemaNode node, String hint) {
    String name = unique(hint);
    DescriptorProto.Builder message = DescriptorProto.newBuilder().setName(name);
    for (int i = 0; i < node.fields.length; i++) {
      message.addField(
          slot(node.children[i], fieldName(node.fields[i].name(), i), i + 1, name + "_" + i)
              .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL));
    }
    file.addMessageType(message);
    return name;
  }

  private String wrapper(SchemaNode value, String hint) {
    String name = unique(hint);
    file.addMessageType(
        DescriptorProto.newBuilder()
            .setName(name)
            .addField(
                slot(value, "value", 1, name + "_value")
                    .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)));
    return name;
  }

  private String list(SchemaNode array, String hint) {
    String name = unique(hint + "_List");
    FieldDescriptorProto.Builder items =
        ProtoLayout.wrapsElements(array)
            ? messageField("items", 1, wrapper(array.element, hint + "_Elem"))
            : slot(array.element, "items", 1, hint + "_item");
    file.addMessageType(
        DescriptorProto.newBuilder()
            .setName(name)
            .addField(items.setLabel(FieldDescriptorProto.Label.LABEL_REPEATED)));
    return name;
  }

  private String map(SchemaNode map, String hint) {
    String entry = unique(hint + "_Entry");
    file.addMessageType(
        DescriptorProto.newBuilder()
            .setName(entry)
            .addField(
                slot(map.key(), "key", 1, hint + "_key")
                    .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL))
            .addField(
                slot(map.value, "value", 2, hint + "_value")
                    .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)));
    String name = unique(hint + "_Map");
    file.addMessageType(
        DescriptorProto.newBuilder()
            .setName(name)
            .addField(
                messageField("entries", 1, entry)
                    .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED)));
    return name;
  }

  private FieldDescriptorProto.Builder slot(SchemaNode node, String name, int number, String hint) {
    FieldDescriptorProto.Builder field =
        FieldDescriptorProto.newBuilder().setName(name).setNumber(number);
    return switch (node.kind) {
      case INT8, INT16, INT32, DATE, TIME_MILLIS ->
          field.setType(FieldDescriptorProto.Type.TYPE_INT32);
      case INT64, TIME_MICROS, TIMESTAMP_MICROS, TIMESTAMP_TZ_MICROS, TIMESTAMP_MILLIS ->
          field.setType(FieldDescriptorProto.Type.TYPE_INT64);
      case BOOLEAN -> field.setType(FieldDescriptorProto.Type.TYPE_BOOL);
      case FLOAT32 -> field.setType(FieldDescriptorProto.Type.TYPE_FLOAT);
      case FLOAT64 -> field.setType(FieldDescriptorProto.Type.TYPE_DOUBLE);
      case STRING, UUID, JSON -> field.setType(FieldDescriptorProto.Type.TYPE_STRING);
      case BYTES, DECIMAL -> field.setType(FieldDescriptorProto.Type.TYPE_BYTES);
      case STRUCT, INTERVAL ->
          messageField(name, number, struct(node, node.name() != null ? node.name() : hint));
      case ARRAY -> messageField(name, number, list(node, hint));
      case MAP -> messageField(name, number, map(node, hint));
    };
  }

  private static FieldDescriptorProto.Builder messageField(String name, int number, String type) {
    return FieldDescriptorProto.newBuilder()
        .setName(name)
        .setNumber(number)
        .setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
        .setTypeName("." + PACKAGE + "." + type);
  }

  private String unique(String hint) {
    String base = identifier(hint.substring(hint.lastIndexOf('.') + 1));
    String name = base;
    for (int n = 2; !names.add(name); n++) {
      name = base + "_" + n;
    }
    return name;
  }

  /** A valid, unique-per-message field name: the Connect name made an identifier. */
  private static String fieldName(String name, int index) {
    String id = identifier(name);
    return id.equals(name) ? id : id + "_" + (index + 1);
  }

  private static String identifier(String name) {
    StringBuilder out = new StringBuilder(name.length() + 1);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9');
      out.append(ok ? c : '_');
    }
    if (out.length() == 0 || Character.isDigit(out.charAt(0))) {
      out.insert(0, '_');
    }
    return out.toString();
  }
}
