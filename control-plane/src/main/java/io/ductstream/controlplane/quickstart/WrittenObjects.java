package io.ductstream.controlplane.quickstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What the flow has written under a prefix of a bucket, per table ({@code
 * <prefix>/<schema>/<table>/}): data objects, their bytes and, read from each Parquet footer, their
 * rows.
 */
public final class WrittenObjects {
  /** One table's objects. */
  public record Table(String name, String directory, long objects, long bytes, long rows) {}

  private WrittenObjects() {}

  /** Data objects and their bytes, without reading them: cheap enough for every second. */
  public static long[] count(S3Client s3, String bucket, String prefix) {
    long objects = 0;
    long bytes = 0;
    for (S3Object object : list(s3, bucket, prefix)) {
      if (isData(object.key())) {
        objects++;
        bytes += object.size();
      }
    }
    return new long[] {objects, bytes};
  }

  /** Every table's objects, with rows counted from the Parquet footers. */
  public static List<Table> tables(S3Client s3, String bucket, String prefix) throws IOException {
    Map<String, long[]> totals = new TreeMap<>();
    Path file = Files.createTempFile("quickstart", ".parquet");
    try {
      for (S3Object object : list(s3, bucket, prefix)) {
        String key = object.key();
        if (!isData(key)) {
          continue;
        }
        String relative = key.substring(base(prefix).length());
        String[] parts = relative.split("/");
        if (parts.length < 3) {
          continue;
        }
        long[] table = totals.computeIfAbsent(parts[0] + "." + parts[1], t -> new long[3]);
        table[0]++;
        table[1] += object.size();
        Files.write(file, s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
          table[2] += reader.getRecordCount();
        }
      }
    } finally {
      Files.deleteIfExists(file);
    }
    List<Table> tables = new ArrayList<>();
    totals.forEach(
        (name, t) ->
            tables.add(
                new Table(name, base(prefix) + name.replace('.', '/') + "/", t[0], t[1], t[2])));
    return tables;
  }

  private static List<S3Object> list(S3Client s3, String bucket, String prefix) {
    return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(base(prefix))).contents().stream()
        .toList();
  }

  private static String base(String prefix) {
    return prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
  }

  private static boolean isData(String key) {
    return key.endsWith(".parquet") && !key.contains("/_schemas/") && !key.contains("_index/");
  }
}
