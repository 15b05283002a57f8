package io.ductstream.sink.s3.buffer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory one sink task spills object bytes to, under {@code buffer.dir}. Spill files hold
 * row data, so what a killed task left behind must not stay on disk: each task claims a directory
 * of its connector with a file lock (released by the operating system when the process dies),
 * empties it of what an earlier, dead holder left, and removes its files when it stops. Tasks of
 * the same connector take the next free directory.
 */
public final class SpillDirectory implements AutoCloseable {
  static final String FILE_PREFIX = "ductstream-s3-";
  static final String FILE_SUFFIX = ".part";
  private static final String LOCK_FILE = ".lock";
  private static final int MAX_DIRECTORIES = 1024;
  private static final Logger log = LoggerFactory.getLogger(SpillDirectory.class);

  private final Path path;
  private final FileChannel channel;
  private final FileLock lock;

  private SpillDirectory(Path path, FileChannel channel, FileLock lock) {
    this.path = path;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Claims a free spill directory of {@code connector} under {@code base} and removes the spill
   * files a dead task left in it.
   *
   * @throws ConnectException when no directory can be created or locked under {@code base}
   */
  public static SpillDirectory claim(Path base, String connector) {
    String name = "ductstream-s3-spill-" + safe(connector);
    for (int n = 0; n < MAX_DIRECTORIES; n++) {
      Path dir = base.resolve(name + "-" + n);
      FileChannel channel = null;
      try {
        Files.createDirectories(dir);
        channel =
            FileChannel.open(
                dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock != null) {
          SpillDirectory claimed = new SpillDirectory(dir, channel, lock);
          claimed.purge("an earlier task of this connector left");
          return claimed;
        }
      } catch (OverlappingFileLockException heldInThisProcess) {
        // another task of this process holds it: try the next
      } catch (IOException e) {
        closeQuietly(channel);
        throw new ConnectException(
            "cannot use buffer.dir "
                + base
                + " for spill files ("
                + e.getMessage()
                + "); set buffer.dir to a writable directory",
            e);
      }
      closeQuietly(channel);
    }
    throw new ConnectException(
        "every spill directory of connector " + connector + " under " + base + " is in use");
  }

  public Path path() {
    return path;
  }

  /** Removes the spill files left in the directory and gives it up. */
  @Override
  public void close() {
    purge("left at stop");
    try {
      lock.release();
    } catch (IOException e) {
      log.debug("releasing the lock of {}: {}", path, e.getMessage());
    }
    closeQuietly(channel);
  }

  private void purge(String why) {
    int removed = 0;
    long bytes = 0;
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(path, FILE_PREFIX + "*" + FILE_SUFFIX)) {
      for (Path file : files) {
        try {
          long size = Files.size(file);
          Files.deleteIfExists(file);
          removed++;
          bytes += size;
        } catch (IOException e) {
          // go on with the others: each holds row data
          log.warn("cannot remove spill file {}: {}", file, e.getMessage());
        }
      }
    } catch (IOException e) {
      log.warn("cannot list spill directory {}: {}", path, e.getMessage());
    }
    if (removed > 0) {
      log.info("removed {} spill file(s), {} bytes, {} in {}", removed, bytes, why, path);
    }
  }

  /** The connector name as a file-name part: letters, digits, '.', '_' and '-' only. */
  static String safe(String connector) {
    String name = connector == null || connector.isBlank() ? "task" : connector;
    StringBuilder safe = new StringBuilder();
    for (char c : name.toCharArray()) {
      boolean plain =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      safe.append(plain ? c : '_');
      if (safe.length() == 100) {
        break;
      }
    }
    return safe.toString();
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        log.debug("closing a spill directory lock: {}", e.getMessage());
      }
    }
  }
}
