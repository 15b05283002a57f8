package io.ductstream.format;

import java.io.IOException;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;

/**
 * The converter frame shared by the binary formats: a payload is {@code magic(2) fingerprint(8,
 * little-endian) body}; the writer's Connect schema travels in the {@value
 * WireConverterConfig#SCHEMA_HEADER} header and is cached by fingerprint, so a reader resolves any
 * writer schema it meets. Subclasses supply the body codec.
 *
 * @param <S> the format's compiled schema
 */
public abstract class FramedConverter<S> implements Converter, SchemaCatalog.Compiler<S> {
  /** Magic (2 bytes) and writer-schema fingerprint (8) before every body. */
  static final int FRAME_BYTES = 10;

  private final WireFormat format;
  private final byte magic0;
  private final byte magic1;
  private final GrowableBytes out = new GrowableBytes(256);
  private WireConverterConfig config;
  private String schemaHeader = WireConverterConfig.SCHEMA_HEADER;
  private MismatchPolicy policy;
  private SchemaCatalog<S> catalog;

  protected FramedConverter(WireFormat format, byte magic0, byte magic1) {
    this.format = format;
    this.magic0 = magic0;
    this.magic1 = magic1;
  }

  /** Writes the body of one value (after the frame) to {@code out}. */
  protected abstract void encode(WriterSchema<S> schema, Object value, GrowableBytes out)
      throws IOException;

  /** Reads the body of one value at {@code bytes[offset..]}. */
  protected abstract Object decode(WriterSchema<S> schema, byte[] bytes, int offset)
      throws IOException;

  public WireFormat format() {
    return format;
  }

  @Override
  public ConfigDef config() {
    return WireConverterConfig.configDef();
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    config = WireConverterConfig.of(config(), configs, isKey);
    schemaHeader = WireConverterConfig.schemaHeader(isKey);
    policy = new MismatchPolicy(format, config.enforce());
    catalog = new SchemaCatalog<>(this, config.schemaCacheSize(), config.schemaHeaderEncoding());
  }

  /** Payloads read since {@link #configure} that were not in this format. */
  public long mismatchCount() {
    return policy.mismatches();
  }

  @Override
  public byte[] fromConnectData(String topic, Schema schema, Object value) {
    return fromConnectData(topic, null, schema, value);
  }

  @Override
  public byte[] fromConnectData(String topic, Headers headers, Schema schema, Object value) {
    if (value == null) {
      return null;
    }
    if (schema == null) {
      throw new DataException(
          "format "
              + format.configName()
              + " needs a schema but the record for topic \""
              + topic
              + "\" has none; use format json with schemas.enable=false for schemaless data");
    }
    WriterSchema<S> writer = catalog.forWrite(schema);
    out.reset();
    out.write(magic0);
    out.write(magic1);
    out.writeLongLe(writer.fingerprint());
    try {
      encode(writer, value, out);
    } catch (IOException e) {
      throw new DataException("cannot encode record for topic \"" + topic + "\": " + e, e);
    } catch (ClassCastException | NullPointerException e) {
      throw new DataException(
          "record for topic \"" + topic + "\" does not match its schema: " + e.getMessage(), e);
    }
    if (headers != null && config.schemaHeader()) {
      headers.remove(schemaHeader);
      headers.add(schemaHeader, writer.header());
    }
    return out.toByteArray();
  }

  @Override
  public SchemaAndValue toConnectData(String topic, byte[] value) {
    return toConnectData(topic, null, value);
  }

  @Override
  public SchemaAndValue toConnectData(String topic, Headers headers, byte[] value) {
    return toConnectData(RecordLocation.ofTopic(topic), headers, value);
  }

  /**
   * Decodes one payload; callers that know the partition and offset (a sink task, the worker) pass
   * them so errors name them.
   */
  public SchemaAndValue toConnectData(RecordLocation where, Headers headers, byte[] value) {
    if (value == null) {
      return SchemaAndValue.NULL;
    }
    if (value.length < FRAME_BYTES || value[0] != magic0 || value[1] != magic1) {
      throw policy.mismatch(
          where,
          "expected magic 0x"
              + String.format("%02x%02x", magic0 & 0xff, magic1 & 0xff)
              + ", found "
              + PayloadSniffer.describe(value),
          null);
    }
    long fingerprint = GrowableBytes.readLongLe(value, 2);
    WriterSchema<S> writer = resolve(where, headers, fingerprint);
    try {
      return new SchemaAndValue(writer.connect(), decode(writer, value, FRAME_BYTES));
    } catch (IOException | RuntimeException | StackOverflowError e) {
      // StackOverflowError: a body nested deeper than any real value (its schema came with it).
      throw policy.mismatch(where, "body does not decode with its writer schema: " + e, e);
    }
  }

  private WriterSchema<S> resolve(RecordLocation where, Headers headers, long fingerprint) {
    Header header = headers == null ? null : headers.lastHeader(schemaHeader);
    if (header == null || header.value() == null) {
      WriterSchema<S> writer = catalog.byFingerprint(fingerprint);
      if (writer != null) {
        return writer;
      }
      throw policy.mismatch(
          where,
          "unknown schema fingerprint "
              + Long.toHexString(fingerprint)
              + " and no \""
              + schemaHeader
              + "\" header to resolve it (the writer needs schema.header=true)",
          null);
    }
    WriterSchema<S> writer;
    try {
      writer = catalog.forHeader(fingerprint, header.value());
    } catch (RuntimeException | StackOverflowError e) {
      throw policy.mismatch(where, "the schema header does not parse: " + e.getMessage(), e);
    }
    if (writer.fingerprint() != fingerprint) {
      throw policy.mismatch(
          where,
          "payload fingerprint "
              + Long.toHexString(fingerprint)
              + " differs from its schema header's "
              + Long.toHexString(writer.fingerprint()),
          null);
    }
    return writer;
  }
}
