package io.ductstream.source.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SpoolDirectoryTest {
  @Test
  void filesACrashedTaskLeftForItsSlotAreRemovedAtStart() throws Exception {
    Path first = PostgresSourceTask.spoolDirectory("db1:5432/app", "spool_test_slot");
    Path leftover = Files.writeString(first.resolve("ductstream-xid-7-1.spool"), "row data");
    Path other = PostgresSourceTask.spoolDirectory("db2:5432/app", "spool_test_slot");
    Path othersFile = Files.writeString(other.resolve("ductstream-xid-8-1.spool"), "row data");

    Path again = PostgresSourceTask.spoolDirectory("db1:5432/app", "spool_test_slot");

    assertThat(again).isEqualTo(first).isDirectory();
    assertThat(leftover).doesNotExist();
    assertThat(othersFile)
        .as("the task of a same-named slot on another server keeps its files")
        .exists();
  }
}
