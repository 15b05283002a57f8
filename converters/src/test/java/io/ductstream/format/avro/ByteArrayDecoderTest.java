package io.ductstream.format.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

/** Reads back what Avro's own encoders write, and refuses what they would not. */
class ByteArrayDecoderTest {
  interface Writes {
    void to(BinaryEncoder out) throws IOException;
  }

  static byte[] avro(Writes writes) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder out = EncoderFactory.get().binaryEncoder(bytes, null);
    writes.to(out);
    out.flush();
    return bytes.toByteArray();
  }

  static ByteArrayDecoder over(byte[] bytes) {
    return new ByteArrayDecoder().reset(bytes, 0, bytes.length);
  }

  @Test
  void primitivesReadAsAvroWroteThem() throws IOException {
    int[] ints = {0, 1, -1, 63, -64, 64, Integer.MAX_VALUE, Integer.MIN_VALUE};
    long[] longs = {0, -1, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE};
    float[] floats = {0f, -1.5f, Float.NaN, Float.NEGATIVE_INFINITY, Float.MIN_VALUE};
    double[] doubles = {0d, 3.25, Double.NaN, Double.POSITIVE_INFINITY, -Double.MAX_VALUE};
    String[] strings = {"", "a", "grüße, 世界 🚀", "x".repeat(70_000)};
    byte[] payload =
        avro(
            out -> {
              for (int v : ints) out.writeInt(v);
              for (long v : longs) out.writeLong(v);
              for (float v : floats) out.writeFloat(v);
              for (double v : doubles) out.writeDouble(v);
              for (String v : strings) out.writeString(v);
              out.writeBoolean(true);
              out.writeBoolean(false);
              out.writeBytes(new byte[] {1, 2, (byte) 0xff});
              out.writeIndex(1);
              out.writeFixed(new byte[] {9, 8});
            });

    ByteArrayDecoder in = over(payload);
    for (int v : ints) assertThat(in.readInt()).isEqualTo(v);
    for (long v : longs) assertThat(in.readLong()).isEqualTo(v);
    for (float v : floats) {
      assertThat(Float.floatToRawIntBits(in.readFloat())).isEqualTo(Float.floatToRawIntBits(v));
    }
    for (double v : doubles) {
      assertThat(Double.doubleToRawLongBits(in.readDouble()))
          .isEqualTo(Double.doubleToRawLongBits(v));
    }
    assertThat(in.readString()).isEqualTo(strings[0]);
    assertThat(in.readString(new Utf8("old")).toString()).isEqualTo(strings[1]);
    assertThat(in.readString()).isEqualTo(strings[2]);
    assertThat(in.readString()).isEqualTo(strings[3]);
    assertThat(in.readBoolean()).isTrue();
    assertThat(in.readBoolean()).isFalse();
    assertThat(in.readBytes(null)).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, (byte) 0xff}));
    assertThat(in.readIndex()).isEqualTo(1);
    byte[] fixed = new byte[2];
    in.readFixed(fixed, 0, 2);
    assertThat(fixed).containsExactly(9, 8);
    assertThat(in.isEnd()).isTrue();
  }

  @Test
  void arrayBlocksWithSizesAreRead() throws IOException {
    // a block count below zero is followed by the block's byte size (Avro's blocking encoders)
    byte[] payload =
        avro(
            out -> {
              out.writeLong(-2);
              out.writeLong(2);
              out.writeInt(5);
              out.writeInt(6);
              out.writeLong(1);
              out.writeInt(7);
              out.writeLong(0);
            });
    ByteArrayDecoder in = over(payload);
    long total = 0;
    long sum = 0;
    for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
      for (long i = 0; i < n; i++) {
        sum += in.readInt();
        total++;
      }
    }
    assertThat(total).isEqualTo(3);
    assertThat(sum).isEqualTo(18);
    assertThat(in.isEnd()).isTrue();
  }

  @Test
  void readingPastTheEndFailsWithoutLookingBeyondIt() throws IOException {
    byte[] payload = avro(out -> out.writeString("hello"));
    // the same bytes followed by bytes that are not the decoder's to read
    byte[] padded = Arrays.copyOf(payload, payload.length + 16);
    ByteArrayDecoder truncated = new ByteArrayDecoder().reset(padded, 0, payload.length - 1);
    assertThatThrownBy(truncated::readString)
        .isInstanceOf(EOFException.class)
        .hasMessageContaining("needs 5 more bytes, 4 are left");
    assertThatThrownBy(() -> over(new byte[0]).readLong()).isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> over(new byte[] {1}).readDouble()).isInstanceOf(EOFException.class);
  }

  @Test
  void malformedVarintsAndNegativeLengthsAreRefused() {
    byte[] endless = new byte[12];
    Arrays.fill(endless, (byte) 0x80);
    assertThatThrownBy(() -> over(endless).readLong()).hasMessageContaining("invalid long");
    assertThatThrownBy(() -> over(endless).readInt()).hasMessageContaining("invalid int");
    assertThatThrownBy(() -> over(new byte[] {1}).readString())
        .hasMessageContaining("negative length -1");
  }
}
