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
 * <p>Postgres enforces neither the declared dimensions nor lower bounds of 1. A value whose shape
 * the Lists cannot show (other dimensions than declared, a lower bound other than 1) or with an
 * element that overflows its type is an {@link OverflowValue}: the Lists hold the elements in
 * storage order, nested to the declared depth (fewer dimensions: wrapped in one-element lists;
 * more: the outer ones merged into the first), and the text holds every dimension's bounds, {@code
 * [0:2][1:3]}, followed for overflowing elements by {@code =} and an array literal of the same
 * shape with their exact texts (NULL where the List holds the element). docs/types.md has examples.
 */
final class ArrayDecoder implements ValueDecoder {
  private final ValueDecoder element;
  private final int dims;
  private final byte delimiter;
  private final Schema schema;

  ArrayDecoder(ValueDecoder element, int dims, char delimiter) {
    this.element = element;
    this.dims = dims;
    this.delimiter = (byte) delimiter;
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
    int[] sizes = new int[ndim];
    int[] lowerBounds = new int[ndim];
    int total = 1;
    for (int d = 0; d < ndim; d++) {
      sizes[d] = buf.getInt(offset + 12 + 8 * d);
      lowerBounds[d] = buf.getInt(offset + 16 + 8 * d);
      total *= sizes[d];
    }
    List<Object> elements = new ArrayList<>(total);
    String[] overflows = null;
    int at = offset + 12 + 8 * ndim;
    for (int i = 0; i < total; i++) {
      int elementLength = buf.getInt(at);
      at += 4;
      Object value = null;
      if (elementLength >= 0) {
        value = element.decodeBinary(buf, at, elementLength);
        at += elementLength;
        if (value instanceof OverflowValue overflow) {
          overflows = overflows == null ? new String[total] : overflows;
          overflows[i] = overflow.text();
          value = overflow.value();
        }
      }
      elements.add(value);
    }
    return shaped(elements, overflows, sizes, lowerBounds);
  }

  @Override
  public Object decodeText(ByteBuffer buf, int offset, int length) {
    ArrayTextParser parser = new ArrayTextParser(buf, offset, length, element, delimiter);
    parser.parse();
    int ndim = parser.depth();
    List<Object> elements = parser.elements();
    if (ndim == 0) {
      return elements;
    }
    int[] sizes = new int[ndim];
    int[] lowerBounds = new int[ndim];
    for (int d = 0; d < ndim; d++) {
      sizes[d] = parser.size(d);
      lowerBounds[d] = parser.lowerBound(d);
    }
    String[] overflows = null;
    for (int i = 0; i < elements.size(); i++) {
      if (elements.get(i) instanceof OverflowValue overflow) {
        overflows = overflows == null ? new String[elements.size()] : overflows;
        overflows[i] = overflow.text();
        elements.set(i, overflow.value());
      }
    }
    return shaped(elements, overflows, sizes, lowerBounds);
  }

  private Object shaped(List<Object> elements, String[] overflows, int[] sizes, int[] lowerBounds) {
    int ndim = sizes.length;
    List<Object> value = nested(elements, sizes);
    boolean exact = ndim == dims && overflows == null;
    for (int d = 0; exact && d < ndim; d++) {
      exact = lowerBounds[d] == 1;
    }
    return exact ? value : new OverflowValue(value, overflowText(overflows, sizes, lowerBounds));
  }

  /** The elements nested to the declared depth. */
  private List<Object> nested(List<Object> elements, int[] sizes) {
    int ndim = sizes.length;
    if (ndim == 1 && dims == 1) {
      return elements;
    }
    int[] shape;
    if (ndim > dims) {
      shape = new int[dims];
      int merged = ndim - dims + 1;
      shape[0] = 1;
      for (int d = 0; d < merged; d++) {
        shape[0] *= sizes[d];
      }
      System.arraycopy(sizes, merged, shape, 1, dims - 1);
    } else {
      shape = sizes;
    }
    List<Object> value = level(elements, shape, 0, new int[1]);
    for (int i = ndim; i < dims; i++) {
      List<Object> outer = new ArrayList<>(1);
      outer.add(value);
      value = outer;
    }
    return value;
  }

  private static List<Object> level(List<Object> elements, int[] shape, int dim, int[] next) {
    List<Object> list = new ArrayList<>(shape[dim]);
    for (int i = 0; i < shape[dim]; i++) {
      list.add(
          dim == shape.length - 1
              ? elements.get(next[0]++)
              : level(elements, shape, dim + 1, next));
    }
    return list;
  }

  private String overflowText(String[] overflows, int[] sizes, int[] lowerBounds) {
    StringBuilder text = new StringBuilder();
    for (int d = 0; d < sizes.length; d++) {
      text.append('[')
          .append(lowerBounds[d])
          .append(':')
          .append(lowerBounds[d] + sizes[d] - 1)
          .append(']');
    }
    if (overflows != null) {
      text.append('=');
      literal(text, overflows, sizes, 0, new int[1]);
    }
    return text.toString();
  }

  /** An array literal of the overflowing elements' texts, NULL for the others. */
  private void literal(StringBuilder text, String[] overflows, int[] sizes, int dim, int[] next) {
    text.append('{');
    for (int i = 0; i < sizes[dim]; i++) {
      if (i > 0) {
        text.append((char) delimiter);
      }
      if (dim < sizes.length - 1) {
        literal(text, overflows, sizes, dim + 1, next);
        continue;
      }
      String element = overflows[next[0]++];
      if (element == null) {
        text.append("NULL");
        continue;
      }
      text.append('"');
      for (int c = 0; c < element.length(); c++) {
        char ch = element.charAt(c);
        if (ch == '"' || ch == '\\') {
          text.append('\\');
        }
        text.append(ch);
      }
      text.append('"');
    }
    text.append('}');
  }

  @Override
  public boolean takesPlaceholder() {
    return false;
  }
}
