package io.ductstream.format.avro;

import io.ductstream.format.mapping.ConnectSchemaJson;
import io.ductstream.format.mapping.SchemaNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;

/** Reads an Avro container file written by {@link AvroContainerWriter} back into Connect values. */
public final class AvroContainerReader {
  private AvroContainerReader() {}

  /** Every record of the file, each with the file's Connect schema. */
  public static List<SchemaAndValue> readAll(InputStream in) throws IOException {
    ConnectDatumReader datumReader = new ConnectDatumReader();
    try (DataFileStream<Object> stream = new DataFileStream<>(in, datumReader)) {
      String json = stream.getMetaString(AvroContainerWriter.CONNECT_SCHEMA_META);
      if (json == null) {
        throw new DataException(
            "Avro file has no " + AvroContainerWriter.CONNECT_SCHEMA_META + " metadata");
      }
      org.apache.kafka.connect.data.Schema schema = new ConnectSchemaJson().fromJson(json);
      datumReader.node = SchemaNode.of(schema);
      List<SchemaAndValue> out = new ArrayList<>();
      while (stream.hasNext()) {
        out.add(new SchemaAndValue(schema, stream.next()));
      }
      return out;
    }
  }

  private static final class ConnectDatumReader implements DatumReader<Object> {
    private SchemaNode node;

    @Override
    public void setSchema(Schema schema) {}

    @Override
    public Object read(Object reuse, Decoder in) throws IOException {
      return AvroValueCodec.read(node, in);
    }
  }
}
