package io.ductstream.format.arrow;

import io.ductstream.format.mapping.SchemaNode;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.connect.data.Struct;

/**
 * A {@link VectorSchemaRoot} filled row by row from Connect values and read back the same way;
 * reused from batch to batch.
 */
public final class ArrowRowBatch implements AutoCloseable {
  private final SchemaNode root;
  private final SchemaNode[] columns;
  private final VectorSchemaRoot vectors;
  private final FieldVector[] columnVectors;
  private int rows;

  public ArrowRowBatch(SchemaNode root, String connectJson, BufferAllocator allocator) {
    this.root = root;
    this.columns = ArrowSchemaMapper.columns(root);
    this.vectors = VectorSchemaRoot.create(ArrowSchemaMapper.toArrow(root, connectJson), allocator);
    List<FieldVector> list = vectors.getFieldVectors();
    this.columnVectors = list.toArray(new FieldVector[0]);
    clear();
  }

  public VectorSchemaRoot vectors() {
    return vectors;
  }

  public int rows() {
    return rows;
  }

  /** Bytes the vectors hold for the rows added so far. */
  public long bufferBytes() {
    long bytes = 0;
    for (FieldVector v : columnVectors) {
      bytes += v.getBufferSizeFor(rows);
    }
    return bytes;
  }

  /** Empties the batch, keeping its memory. */
  public void clear() {
    for (FieldVector v : columnVectors) {
      v.reset();
    }
    rows = 0;
    vectors.setRowCount(0);
  }

  public void add(Object value) {
    if (root.isRecord()) {
      Struct struct = (Struct) value;
      for (int i = 0; i < columns.length; i++) {
        ArrowVectorCodec.write(columnVectors[i], columns[i], rows, struct.get(root.fields[i]));
      }
    } else {
      ArrowVectorCodec.write(columnVectors[0], columns[0], rows, value);
    }
    rows++;
  }

  /** Seals the rows added so far for writing. */
  public void seal() {
    vectors.setRowCount(rows);
  }

  /** Row {@code index} of the loaded vectors as a Connect value. */
  public Object get(int index) {
    if (!root.isRecord()) {
      return ArrowVectorCodec.read(columnVectors[0], columns[0], index);
    }
    Struct struct = new Struct(root.schema);
    for (int i = 0; i < columns.length; i++) {
      struct.put(root.fields[i], ArrowVectorCodec.read(columnVectors[i], columns[i], index));
    }
    return struct;
  }

  /** Rows of the loaded vectors. */
  public int loadedRows() {
    return vectors.getRowCount();
  }

  @Override
  public void close() {
    vectors.close();
  }
}
