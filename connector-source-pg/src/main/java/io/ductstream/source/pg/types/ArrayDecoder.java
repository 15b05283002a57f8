package io.ductstream.source.pg.types;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * Arrays to nested Lists, as deep as the column's declared dimensions. Binary ({@code array_send}):
 * int32 ndim, int32 has-nulls flag, int32 element OID, per dimension int32 size and lower bound,
 * then each element as int32 length (-1 NULL) and bytes. Text: {@code array_out}'s braces, see
 * {@link ArrayTextParser}.
 *
 * <p>A value with more dimensions than declared cannot fit the schema and raises {@link
 * UnrepresentableValueException}; one with fewer (Postgres does not enforce the declaration) is
 * wrapped in single-element outer lists. Lower bounds are not kept.
 */
final class ArrayDecoder implements ValueDecoder {
  private final ValueDecoder element;
  private final int dims;
  private final byte delimiter;
  private final String elementType;
  private final Schema schema;

  ArrayDecoder(ValueDecoder element, int dims, char delimiter, String elementType) {
    this.element = element;
    this.dims = dims;
    this.delimiter = (byte) delimiter;
    this.elementType = elementType;
    Schema schema = element.schema();
    for (int i = 0; i < dims; i++) {
      schema = SchemaBuilder.array(schema).optional().build();
    }
    this.schema = schema;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public Object decodeBinary(ByteBuffer buf, int offset, int length) {
    int ndim = buf.getInt(offset);
    if (ndim == 0) {
      return new ArrayList<>(0);
    }
    requireDeclaredDims(ndim);
    int[] position = {offset + 12 + 8 * ndim};
    return wrap(binaryLevel(buf, offset, 0, ndim, position), ndim);
  }

  private List<Object> binaryLevel(ByteBuffer buf, int header, int dim, int ndim, int[] position) {
    int size = buf.getInt(header + 12 + 8 * dim);
    List<Object> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      if (dim < ndim - 1) {
        list.add(binaryLevel(buf, header, dim + 1, ndim, position));
        continue;
      }
      int at = position[0];
      int elementLength = buf.getInt(at);
      if (elementLength < 0) {
        list.add(null);
        position[0] = at + 4;
      } else {
        list.add(element.decodeBinary(buf, at + 4, elementLength));
        position[0] = at + 4 + elementLength;
      }
    }
    return list;
  }

  @Override
  public Object decodeText(ByteBuffer buf, int offset, int length) {
    ArrayTextParser parser = new ArrayTextParser(buf, offset, length, element, delimiter);
    List<Object> value = parser.parse();
    int ndim = parser.depth();
    if (ndim == 0) {
      return value;
    }
    requireDeclaredDims(ndim);
    return wrap(value, ndim);
  }

  private void requireDeclaredDims(int ndim) {
    if (ndim > dims) {
      throw new UnrepresentableValueException(
          "array value has "
              + ndim
              + " dimensions but the column is declared with "
              + dims
              + "; declare the column with its dimensions, e.g. ALTER TABLE ... ALTER COLUMN ... TYPE "
              + elementType
              + "[]".repeat(ndim));
    }
  }

  private List<Object> wrap(List<Object> value, int ndim) {
    List<Object> wrapped = value;
    for (int i = ndim; i < dims; i++) {
      List<Object> outer = new ArrayList<>(1);
      outer.add(wrapped);
      wrapped = outer;
    }
    return wrapped;
  }

  @Override
  public boolean takesPlaceholder() {
    return false;
  }
}
