package io.ductstream.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** The plugin archive `mvn package` built, and unpacking it as a user would. */
final class PluginArchive {
  private PluginArchive() {}

  static Path zip() {
    Path zip = Path.of(System.getProperty("ductstream.connect.zip"));
    assertThat(zip).as("plugin archive built by `mvn package`").exists();
    return zip;
  }

  static void unzip(Path zip, Path target) throws IOException {
    try (InputStream in = Files.newInputStream(zip);
        ZipInputStream entries = new ZipInputStream(in)) {
      for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
        Path out = target.resolve(entry.getName()).normalize();
        if (!out.startsWith(target)) {
          throw new IOException("archive entry escapes the target directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(entries, out, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    System.out.println("unpacked " + zip.getFileName() + " into plugin.path " + target);
  }
}
