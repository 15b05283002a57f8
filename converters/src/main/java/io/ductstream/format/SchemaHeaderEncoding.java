package io.ductstream.format;

import java.io.ByteArrayOutputStream;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.apache.kafka.connect.errors.DataException;

/**
 * How a schema header holds the writer's Connect schema: its JSON form as is, or that JSON
 * compressed with zlib (RFC 1950). A change envelope's JSON is about 2 KB, ten to twenty times the
 * record it describes, and it rides on every record: compressed it is a fifth of that, which is
 * what every consumer copies, and Connect converts, per record.
 *
 * <p>Readers accept both, whatever they are configured to write: JSON starts with {@code '{'}, a
 * zlib stream with its two header bytes (CMF 0x?8, checksum divisible by 31).
 */
public enum SchemaHeaderEncoding {
  NONE("none"),
  ZLIB("zlib");

  /** A header never inflates beyond this: a guard against a corrupt or hostile header. */
  static final int MAX_SCHEMA_BYTES = 16 << 20;

  private final String configName;

  SchemaHeaderEncoding(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static SchemaHeaderEncoding of(String configName) {
    String name = configName.trim().toLowerCase(Locale.ROOT);
    for (SchemaHeaderEncoding encoding : values()) {
      if (encoding.configName.equals(name)) {
        return encoding;
      }
    }
    throw new IllegalArgumentException("unknown schema header encoding \"" + configName + "\"");
  }

  /** The header bytes for a schema whose JSON form is {@code json} (UTF-8). */
  public byte[] encode(byte[] json) {
    if (this == NONE) {
      return json;
    }
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    try {
      deflater.setInput(json);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 4 + 16);
      byte[] chunk = new byte[4096];
      while (!deflater.finished()) {
        out.write(chunk, 0, deflater.deflate(chunk));
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  /**
   * The schema JSON (UTF-8) a header holds, in either encoding.
   *
   * @throws DataException when the header is neither JSON nor a valid zlib stream
   */
  public static byte[] decode(byte[] header) {
    if (header.length == 0) {
      throw new DataException("the schema header is empty");
    }
    if (!isZlib(header)) {
      // JSON (any leading whitespace included); a parse error names what is wrong with it
      return header;
    }
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(header);
      ByteArrayOutputStream out = new ByteArrayOutputStream(header.length * 6);
      byte[] chunk = new byte[8192];
      while (!inflater.finished()) {
        int n = inflater.inflate(chunk);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new DataException("the zlib schema header is truncated");
        }
        out.write(chunk, 0, n);
        if (out.size() > MAX_SCHEMA_BYTES) {
          throw new DataException(
              "the zlib schema header inflates beyond " + MAX_SCHEMA_BYTES + " bytes");
        }
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new DataException("the zlib schema header does not inflate: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
  }

  private static boolean isZlib(byte[] header) {
    if (header.length < 2) {
      return false;
    }
    int cmf = header[0] & 0xff;
    int flg = header[1] & 0xff;
    return (cmf & 0x0f) == 8 && (cmf >> 4) <= 7 && ((cmf << 8) | flg) % 31 == 0;
  }
}
