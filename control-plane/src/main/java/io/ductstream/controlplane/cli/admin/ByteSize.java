package io.ductstream.controlplane.cli.admin;

import java.util.Locale;

/** Byte counts as people read them: {@code 512 B}, {@code 12.3 KiB}, {@code 1.2 MiB}. */
public final class ByteSize {
  private ByteSize() {}

  public static String text(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    if (bytes < 1024L * 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
    return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
  }
}
