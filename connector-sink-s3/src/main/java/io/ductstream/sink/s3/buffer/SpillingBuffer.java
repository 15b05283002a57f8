package io.ductstream.sink.s3.buffer;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bytes of one object being written: in memory up to {@code memoryBytes}, then in a temporary
 * file, so memory stays bounded however large the object grows. Written once, then read (possibly
 * several times, for retries), then {@link #delete()}d.
 */
public final class SpillingBuffer extends OutputStream {
  private static final Logger log = LoggerFactory.getLogger(SpillingBuffer.class);

  private final long memoryBytes;
  private final Path dir;
  private byte[] memory = new byte[256];
  private int memoryUsed;
  private Path file;
  private OutputStream fileOut;
  private long size;
  private boolean closed;

  public SpillingBuffer(long memoryBytes, Path dir) {
    this.memoryBytes = memoryBytes;
    this.dir = dir;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("buffer is closed");
    }
    if (fileOut == null && memoryUsed + (long) len > memoryBytes) {
      spill();
    }
    if (fileOut != null) {
      fileOut.write(b, off, len);
    } else {
      if (memoryUsed + len > memory.length) {
        memory =
            Arrays.copyOf(
                memory,
                (int) Math.min(memoryBytes, Math.max(memory.length * 2L, memoryUsed + len)));
      }
      System.arraycopy(b, off, memory, memoryUsed, len);
      memoryUsed += len;
    }
    size += len;
  }

  private void spill() throws IOException {
    Files.createDirectories(dir);
    file = Files.createTempFile(dir, SpillDirectory.FILE_PREFIX, SpillDirectory.FILE_SUFFIX);
    fileOut = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
    fileOut.write(memory, 0, memoryUsed);
    memory = null;
    memoryUsed = 0;
  }

  @Override
  public void flush() throws IOException {
    if (fileOut != null) {
      fileOut.flush();
    }
  }

  /** Ends writing; the bytes can be read from now on. */
  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      if (fileOut != null) {
        fileOut.close();
      }
    }
  }

  public long size() {
    return size;
  }

  /** True when the bytes went to a temporary file. */
  public boolean spilled() {
    return file != null;
  }

  /** A stream of all bytes written; only after {@link #close()}. */
  public InputStream open() throws IOException {
    if (!closed) {
      throw new IllegalStateException("read before the buffer was closed");
    }
    return file != null
        ? Files.newInputStream(file)
        : new ByteArrayInputStream(memory, 0, memoryUsed);
  }

  /** Frees the memory and deletes the temporary file. */
  public void delete() {
    memory = null;
    try {
      if (fileOut != null) {
        fileOut.close();
      }
      if (file != null) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      log.warn(
          "could not delete the temporary file {} of an object buffer: {}", file, e.toString());
    }
    closed = true;
  }
}
