package io.ductstream.sink.s3.writer;

import io.ductstream.format.BatchWriterOptions;
import io.ductstream.format.BatchWriters;
import io.ductstream.format.WireFormat;
import io.ductstream.format.parquet.DictionaryHistory;
import io.ductstream.sink.s3.buffer.Encoder;
import io.ductstream.sink.s3.buffer.OpenObject;
import io.ductstream.sink.s3.naming.ObjectNamer;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.kafka.connect.data.Schema;

/** Opens the objects of the configured format, named by {@link ObjectNamer}. */
public final class ObjectFactory {
  private final ObjectNamer namer;
  private final WireFormat format;
  private final BatchWriterOptions options;
  private final long memoryBytes;
  private final Path bufferDir;
  private final Encoder encoder;

  /** Which columns of each schema gave up their dictionary in the last object (Parquet). */
  private final DictionaryHistory dictionaries = new DictionaryHistory();

  /**
   * @param encoder the task's encoder thread, which the objects' records go through
   */
  public ObjectFactory(
      ObjectNamer namer,
      WireFormat format,
      BatchWriterOptions options,
      long memoryBytes,
      Path bufferDir,
      Encoder encoder) {
    this.namer = namer;
    this.format = format;
    this.options = options;
    this.memoryBytes = memoryBytes;
    this.bufferDir = bufferDir;
    this.encoder = encoder;
  }

  /**
   * A new object for values of {@code schema} (null: schemaless, written as JSON Lines) whose first
   * record is at {@code firstOffset}.
   */
  public OpenObject open(
      String tablePath,
      String partitionPath,
      String topic,
      int partition,
      long firstOffset,
      Schema schema,
      Long fingerprint)
      throws IOException {
    WireFormat objectFormat = schema == null ? WireFormat.JSON : format;
    String key =
        namer.dataKey(
            tablePath,
            partitionPath,
            topic,
            partition,
            firstOffset,
            BatchWriters.extension(objectFormat));
    return new OpenObject(
        key,
        firstOffset,
        objectFormat,
        schema,
        fingerprint,
        options,
        dictionaries,
        memoryBytes,
        bufferDir,
        encoder);
  }
}
