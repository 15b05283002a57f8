package io.ductstream.format;

import io.ductstream.format.arrow.ArrowConverter;
import io.ductstream.format.avro.AvroConverter;
import io.ductstream.format.json.JsonConverter;
import io.ductstream.format.parquet.ParquetConverter;
import io.ductstream.format.proto.ProtoConverter;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.storage.Converter;

/**
 * A Kafka Connect converter for every DuctStream wire format, chosen with {@code format=}; it
 * delegates to the format's own converter (all other settings pass through).
 */
public class WireFormatConverter implements Converter {
  public static final String FORMAT_CONFIG = "format";

  private static final ConfigDef CONFIG =
      WireConverterConfig.configDef()
          .define(
              FORMAT_CONFIG,
              ConfigDef.Type.STRING,
              WireFormat.JSON.configName(),
              (name, value) -> {
                try {
                  WireFormat.parse((String) value);
                } catch (IllegalArgumentException e) {
                  throw new ConfigException(name, value, e.getMessage());
                }
              },
              ConfigDef.Importance.HIGH,
              "Wire format of the records: " + WireFormat.names() + ".");

  private WireFormat format;
  private Converter delegate;

  @Override
  public ConfigDef config() {
    return CONFIG;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    Map<String, Object> props = new HashMap<>(configs);
    props.putIfAbsent("converter.type", isKey ? "key" : "value");
    format =
        WireFormat.parse(WireConverterConfig.of(CONFIG, props, isKey).getString(FORMAT_CONFIG));
    delegate = create(format);
    props.remove(FORMAT_CONFIG);
    delegate.configure(props, isKey);
  }

  /** The converter of one format, not yet configured. */
  public static Converter create(WireFormat format) {
    return switch (format) {
      case ARROW -> new ArrowConverter();
      case PARQUET -> new ParquetConverter();
      case AVRO -> new AvroConverter();
      case PROTO -> new ProtoConverter();
      case JSON -> new JsonConverter();
    };
  }

  public WireFormat format() {
    return format;
  }

  /** Payloads read that were not in the configured format (see {@code enforce}). */
  public long mismatchCount() {
    if (delegate instanceof FramedConverter<?> framed) {
      return framed.mismatchCount();
    }
    return ((JsonConverter) delegate).mismatchCount();
  }

  @Override
  public byte[] fromConnectData(String topic, Schema schema, Object value) {
    return delegate.fromConnectData(topic, schema, value);
  }

  @Override
  public byte[] fromConnectData(String topic, Headers headers, Schema schema, Object value) {
    return delegate.fromConnectData(topic, headers, schema, value);
  }

  @Override
  public SchemaAndValue toConnectData(String topic, byte[] value) {
    return delegate.toConnectData(topic, value);
  }

  @Override
  public SchemaAndValue toConnectData(String topic, Headers headers, byte[] value) {
    return delegate.toConnectData(topic, headers, value);
  }

  @Override
  public void close() throws IOException {
    if (delegate != null) {
      delegate.close();
    }
  }
}
