package io.ductstream.controlplane.store;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.ductstream.controlplane.flow.Endpoint;
import io.ductstream.controlplane.flow.EndpointType;
import io.ductstream.controlplane.json.JsonValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The store's jsonb values: endpoints as {@code {"name": ..., "type": "postgres", "options":
 * {...}}} (the flow file's shape) and string maps. Uses protobuf's JSON support, already on the
 * path.
 */
final class StoreJson {
  private StoreJson() {}

  static String write(Endpoint endpoint) {
    return print(Value.newBuilder().setStructValue(struct(endpoint)).build());
  }

  static String writeAll(List<Endpoint> endpoints) {
    ListValue.Builder list = ListValue.newBuilder();
    endpoints.forEach(e -> list.addValues(Value.newBuilder().setStructValue(struct(e))));
    return print(Value.newBuilder().setListValue(list).build());
  }

  static Endpoint read(String json) {
    return endpoint(parse(json).getStructValue());
  }

  static List<Endpoint> readAll(String json) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (Value value : parse(json).getListValue().getValuesList()) {
      endpoints.add(endpoint(value.getStructValue()));
    }
    return endpoints;
  }

  static String writeStrings(Map<String, String> map) {
    return print(Value.newBuilder().setStructValue(JsonValues.strings(map)).build());
  }

  static Map<String, String> readStrings(String json) {
    Map<String, String> map = new TreeMap<>();
    if (json != null) {
      parse(json).getStructValue().getFieldsMap().forEach((k, v) -> map.put(k, JsonValues.text(v)));
    }
    return map;
  }

  private static Struct struct(Endpoint endpoint) {
    Struct options = JsonValues.strings(endpoint.options());
    return Struct.newBuilder()
        .putFields("name", Value.newBuilder().setStringValue(endpoint.name()).build())
        .putFields("type", Value.newBuilder().setStringValue(endpoint.type().shortName()).build())
        .putFields("options", Value.newBuilder().setStructValue(options).build())
        .build();
  }

  private static Endpoint endpoint(Struct struct) {
    Map<String, String> options = new TreeMap<>();
    struct
        .getFieldsOrDefault("options", Value.getDefaultInstance())
        .getStructValue()
        .getFieldsMap()
        .forEach((k, v) -> options.put(k, JsonValues.text(v)));
    return new Endpoint(
        struct.getFieldsOrDefault("name", Value.getDefaultInstance()).getStringValue(),
        EndpointType.fromShortName(
            struct.getFieldsOrDefault("type", Value.getDefaultInstance()).getStringValue()),
        options);
  }

  private static String print(Value value) {
    return JsonValues.print(value);
  }

  private static Value parse(String json) {
    return JsonValues.parse(json, "a value in the store");
  }
}
