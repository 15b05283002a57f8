package io.ductstream.source.pg.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class BinaryCopyReaderTest {
  private static final byte[] SIGNATURE = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0
  };

  @Test
  void handsEachFieldWithItsIndexAndNullsAsMinusOne() throws IOException {
    byte[] big = new byte[100_000];
    Arrays.fill(big, (byte) 'z');
    byte[] copy =
        copy(
            0,
            new byte[] {1, 2, 3, 4},
            out -> {
              row(out, int4(42), null, "hé".getBytes(StandardCharsets.UTF_8));
              row(out, new byte[0], big, null);
              out.writeShort(-1);
            });
    BinaryCopyReader reader = new BinaryCopyReader(new ByteArrayInputStream(copy), 16);
    List<String> seen = new ArrayList<>();
    BinaryCopyReader.FieldHandler handler =
        (field, buf, offset, length) -> {
          if (length < 0) {
            seen.add(field + ":NULL");
          } else {
            byte[] bytes = new byte[length];
            buf.get(offset, bytes);
            seen.add(
                field
                    + ":"
                    + (length > 100 ? "z*" + length : new String(bytes, StandardCharsets.UTF_8)));
          }
        };

    assertThat(reader.readRow(handler)).isEqualTo(3);
    assertThat(reader.readRow(handler)).isEqualTo(3);
    assertThat(reader.readRow(handler)).isEqualTo(-1);
    assertThat(reader.readRow(handler)).isEqualTo(-1);
    assertThat(seen).containsExactly("0:\0\0\0*", "1:NULL", "2:hé", "0:", "1:z*100000", "2:NULL");
  }

  @Test
  void rejectsStreamsThatAreNotBinaryCopy() {
    byte[] text = "1\t2\n".repeat(10).getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> new BinaryCopyReader(new ByteArrayInputStream(text)).readRow(ignore()))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("PGCOPY signature");
  }

  @Test
  void rejectsDataWithOids() throws IOException {
    byte[] copy = copy(1 << 16, new byte[0], out -> out.writeShort(-1));
    assertThatThrownBy(() -> new BinaryCopyReader(new ByteArrayInputStream(copy)).readRow(ignore()))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("OIDS");
  }

  @Test
  void aFieldLongerThanPostgresCanStoreIsRefusedBeforeItIsAllocated() throws IOException {
    byte[] copy =
        copy(
            0,
            new byte[0],
            out -> {
              out.writeShort(1);
              out.writeInt(Integer.MAX_VALUE);
            });
    assertThatThrownBy(() -> new BinaryCopyReader(new ByteArrayInputStream(copy)).readRow(ignore()))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("field length 2147483647");
  }

  @Test
  void truncatedDataIsAnErrorNotTheEnd() throws IOException {
    byte[] copy = copy(0, new byte[0], out -> row(out, int4(1)));
    byte[] cut = Arrays.copyOf(copy, copy.length - 2);
    BinaryCopyReader reader = new BinaryCopyReader(new ByteArrayInputStream(cut));
    assertThatThrownBy(() -> reader.readRow(ignore()))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("ended before its trailer");
    BinaryCopyReader noTrailer = new BinaryCopyReader(new ByteArrayInputStream(copy));
    assertThat(noTrailer.readRow(ignore())).isEqualTo(1);
    assertThatThrownBy(() -> noTrailer.readRow(ignore())).isInstanceOf(DataException.class);
  }

  private static BinaryCopyReader.FieldHandler ignore() {
    return (field, buf, offset, length) -> {};
  }

  private static byte[] int4(int value) {
    return new byte[] {
      (byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value
    };
  }

  private interface Body {
    void write(DataOutputStream out) throws IOException;
  }

  private static byte[] copy(int flags, byte[] extension, Body body) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(SIGNATURE);
    out.writeInt(flags);
    out.writeInt(extension.length);
    out.write(extension);
    body.write(out);
    return bytes.toByteArray();
  }

  private static void row(DataOutputStream out, byte[]... fields) throws IOException {
    out.writeShort(fields.length);
    for (byte[] field : fields) {
      if (field == null) {
        out.writeInt(-1);
      } else {
        out.writeInt(field.length);
        out.write(field);
      }
    }
  }
}
