package io.ductstream.sink.s3.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpillingBufferTest {
  @TempDir Path dir;

  @Test
  void smallObjectStaysInMemory() throws IOException {
    SpillingBuffer buffer = new SpillingBuffer(1024, dir);
    buffer.write(new byte[] {1, 2, 3});
    buffer.close();
    assertThat(buffer.spilled()).isFalse();
    assertThat(buffer.size()).isEqualTo(3);
    try (InputStream in = buffer.open()) {
      assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
    }
    assertThat(tempFiles()).isZero();
  }

  @Test
  void largeObjectSpillsToATempFileAndReadsBackWholeAndIsDeleted() throws IOException {
    byte[] data = new byte[10_000];
    new Random(7).nextBytes(data);
    SpillingBuffer buffer = new SpillingBuffer(4096, dir);
    for (int i = 0; i < data.length; i += 1000) {
      buffer.write(data, i, 1000);
    }
    buffer.close();
    assertThat(buffer.spilled()).isTrue();
    assertThat(buffer.size()).isEqualTo(data.length);
    assertThat(tempFiles()).isEqualTo(1);
    for (int read = 0; read < 2; read++) {
      try (InputStream in = buffer.open()) {
        assertThat(in.readAllBytes()).as("read %d", read).isEqualTo(data);
      }
    }
    buffer.delete();
    assertThat(tempFiles()).isZero();
  }

  private long tempFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }
}
