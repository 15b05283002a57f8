package io.ductstream.contract.envelope;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * The value layout of every change record: {@code {op, before, after, source, ts_us, unchanged,
 * overflow}}. The source builds it; the sink and the converters read it by these names.
 */
public final class ChangeEnvelope {
  public static final String OP = "op";
  public static final String BEFORE = "before";
  public static final String AFTER = "after";
  public static final String SOURCE = "source";
  public static final String TS_US = "ts_us";

  /**
   * Names of the columns whose values Postgres did not send because they are TOASTed and did not
   * change; their values in {@code after} are the configured placeholder (text and bytes columns)
   * or null, and must not be read as NULL.
   */
  public static final String UNCHANGED = "unchanged";

  /**
   * Values the typed columns of {@code before} and {@code after} cannot hold exactly
   * (docs/types.md, "Values a column's type cannot hold"): a struct {@code {before, after}} of maps
   * from column name to the value's exact text; null when every value fits, which is nearly always.
   */
  public static final String OVERFLOW = "overflow";

  public static final String OVERFLOW_BEFORE = "before";
  public static final String OVERFLOW_AFTER = "after";

  /** Name of the {@code overflow} struct's schema. */
  public static final String OVERFLOW_SCHEMA_NAME = "io.ductstream.Overflow";

  /** One image's overflow: column name to exact text. */
  public static final Schema OVERFLOW_MAP =
      SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).optional().build();

  /** The {@code overflow} block. */
  public static final Schema OVERFLOW_BLOCK =
      SchemaBuilder.struct()
          .name(OVERFLOW_SCHEMA_NAME)
          .optional()
          .field(OVERFLOW_BEFORE, OVERFLOW_MAP)
          .field(OVERFLOW_AFTER, OVERFLOW_MAP)
          .build();

  public static final String SOURCE_FLOW = "flow";
  public static final String SOURCE_DB = "db";
  public static final String SOURCE_SCHEMA = "schema";
  public static final String SOURCE_TABLE = "table";
  public static final String SOURCE_LSN = "lsn";
  public static final String SOURCE_TX_ID = "tx_id";
  public static final String SOURCE_COMMIT_TS_US = "commit_ts_us";
  public static final String SOURCE_SNAPSHOT = "snapshot";

  /** Name of the {@code source} struct's schema. */
  public static final String SOURCE_SCHEMA_NAME = "io.ductstream.Source";

  /** Suffix of envelope schema names: {@code <topic>.Envelope}. */
  public static final String ENVELOPE_SUFFIX = ".Envelope";

  /** Suffix of row schema names ({@code before}/{@code after}): {@code <topic>.Value}. */
  public static final String VALUE_SUFFIX = ".Value";

  /** Suffix of key schema names: {@code <topic>.Key}. */
  public static final String KEY_SUFFIX = ".Key";

  /**
   * First field of the key of a change on a topic shared by several tables (the source's {@code
   * topic.routing=single}): the Postgres schema of the table; {@link #KEY_TABLE} follows, then the
   * primary-key columns. Per-table topics have keys of the primary-key columns only.
   */
  public static final String KEY_NAMESPACE = "__namespace";

  /** Second field of the key of a change on a shared topic: the Postgres table's name. */
  public static final String KEY_TABLE = "__table";

  /**
   * Last field of a key whose key-column value its typed field cannot hold (a timestamp past
   * 294247, NaN in {@code numeric(p,s)}): column name to exact text, as {@link #OVERFLOW} holds for
   * the row. Only such keys have the field, so every other key keeps the table's key schema; the
   * overflowing column itself is null.
   */
  public static final String KEY_OVERFLOW = "__overflow";

  /**
   * True when {@code key} is a key struct that starts with the table's identity ({@link
   * #KEY_NAMESPACE}, {@link #KEY_TABLE}), as keys on a topic shared by several tables do.
   */
  public static boolean hasTableInKey(Schema key) {
    return key != null
        && key.type() == Schema.Type.STRUCT
        && key.fields().size() >= 2
        && key.fields().get(0).name().equals(KEY_NAMESPACE)
        && key.fields().get(1).name().equals(KEY_TABLE);
  }

  /** The kind of change, written as its one-letter code. */
  public enum Op {
    CREATE("c"),
    UPDATE("u"),
    DELETE("d"),
    READ("r"),
    TRUNCATE("t");

    private final String code;

    Op(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    /** The op for a one-letter code. */
    public static Op fromCode(String code) {
      for (Op op : values()) {
        if (op.code.equals(code)) {
          return op;
        }
      }
      throw new IllegalArgumentException(
          "unknown op \"" + code + "\"; expected one of c, u, d, r, t");
    }
  }

  /** The {@code source} block: where and when the change happened in Postgres. */
  public static final Schema SOURCE_BLOCK =
      SchemaBuilder.struct()
          .name(SOURCE_SCHEMA_NAME)
          .field(SOURCE_FLOW, Schema.OPTIONAL_STRING_SCHEMA)
          .field(SOURCE_DB, Schema.STRING_SCHEMA)
          .field(SOURCE_SCHEMA, Schema.STRING_SCHEMA)
          .field(SOURCE_TABLE, Schema.STRING_SCHEMA)
          .field(SOURCE_LSN, Schema.INT64_SCHEMA)
          .field(SOURCE_TX_ID, Schema.OPTIONAL_INT64_SCHEMA)
          .field(SOURCE_COMMIT_TS_US, Schema.OPTIONAL_INT64_SCHEMA)
          .field(SOURCE_SNAPSHOT, Schema.BOOLEAN_SCHEMA)
          .build();

  private static final Schema UNCHANGED_LIST =
      SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build();

  private ChangeEnvelope() {}

  /**
   * The envelope schema for a table whose row struct is {@code row}.
   *
   * @param name the table's schema name ({@code <topic.prefix>.<schema>.<table>}); the envelope is
   *     {@code <name>.Envelope}
   * @param row the row struct's schema; made optional for {@code before} and {@code after}
   */
  public static Schema envelopeSchema(String name, Schema row) {
    return envelopeSchema(name, row, null);
  }

  /**
   * The envelope schema for a table whose row struct is {@code row}, at the table's schema version.
   *
   * @param version the table's schema version (the envelope schema's Connect {@code version()},
   *     which sinks and converters carry downstream), or null when the source keeps no versions
   */
  public static Schema envelopeSchema(String name, Schema row, Integer version) {
    Schema optionalRow = row.isOptional() ? row : optional(row);
    return SchemaBuilder.struct()
        .name(name + ENVELOPE_SUFFIX)
        .version(version)
        .field(OP, Schema.STRING_SCHEMA)
        .field(BEFORE, optionalRow)
        .field(AFTER, optionalRow)
        .field(SOURCE, SOURCE_BLOCK)
        .field(TS_US, Schema.INT64_SCHEMA)
        .field(UNCHANGED, UNCHANGED_LIST)
        .field(OVERFLOW, OVERFLOW_BLOCK)
        .build();
  }

  /** True when {@code schema} is a change envelope built by {@link #envelopeSchema}. */
  public static boolean isEnvelope(Schema schema) {
    return schema != null
        && schema.type() == Schema.Type.STRUCT
        && schema.name() != null
        && schema.name().endsWith(ENVELOPE_SUFFIX)
        && schema.field(OP) != null
        && schema.field(SOURCE) != null;
  }

  private static Schema optional(Schema row) {
    SchemaBuilder builder = SchemaBuilder.struct().name(row.name()).optional();
    if (row.version() != null) {
      builder.version(row.version());
    }
    if (row.doc() != null) {
      builder.doc(row.doc());
    }
    if (row.parameters() != null) {
      builder.parameters(row.parameters());
    }
    row.fields().forEach(field -> builder.field(field.name(), field.schema()));
    return builder.build();
  }
}
