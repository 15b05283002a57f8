package io.ductstream.sink.s3.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpillDirectoryTest {
  @TempDir Path base;

  @Test
  void spillFilesADeadTaskLeftAreRemovedWhenTheDirectoryIsClaimed() throws IOException {
    Path left = base.resolve("ductstream-s3-spill-orders-0");
    Files.createDirectories(left);
    Files.write(left.resolve("ductstream-s3-123.part"), new byte[] {1, 2, 3});
    Files.writeString(left.resolve("notes.txt"), "not ours");

    try (SpillDirectory spill = SpillDirectory.claim(base, "orders")) {
      assertThat(spill.path()).isEqualTo(left);
      assertThat(files(left)).containsExactlyInAnyOrder(".lock", "notes.txt");
    }
  }

  @Test
  void tasksOfOneConnectorTakeSeparateDirectoriesAndKeepEachOthersFiles() throws IOException {
    try (SpillDirectory first = SpillDirectory.claim(base, "orders")) {
      Path part = Files.createTempFile(first.path(), "ductstream-s3-", ".part");
      try (SpillDirectory second = SpillDirectory.claim(base, "orders")) {
        assertThat(second.path()).isNotEqualTo(first.path());
        assertThat(part).exists();
      }
      assertThat(part).exists();
    }
  }

  @Test
  void stopRemovesWhatIsLeftAndFreesTheDirectory() throws IOException {
    Path used;
    try (SpillDirectory spill = SpillDirectory.claim(base, "orders")) {
      used = spill.path();
      Files.createTempFile(used, "ductstream-s3-", ".part");
    }
    assertThat(files(used)).containsExactly(".lock");
    try (SpillDirectory again = SpillDirectory.claim(base, "orders")) {
      assertThat(again.path()).isEqualTo(used);
    }
  }

  @Test
  void connectorNamesBecomePlainFileNames() {
    assertThat(SpillDirectory.safe("ductstream-flow/../x y")).isEqualTo("ductstream-flow_.._x_y");
    assertThat(SpillDirectory.safe(null)).isEqualTo("task");
    assertThat(SpillDirectory.safe("a".repeat(300))).hasSize(100);
  }

  @Test
  void anUnwritableBufferDirNamesTheSetting() throws IOException {
    Path file = Files.writeString(base.resolve("a-file"), "x");
    assertThatThrownBy(() -> SpillDirectory.claim(file, "orders"))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("buffer.dir")
        .hasMessageContaining("writable directory");
  }

  private static java.util.List<String> files(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).toList();
    }
  }
}
