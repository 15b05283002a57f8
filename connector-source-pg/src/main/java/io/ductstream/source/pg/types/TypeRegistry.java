package io.ductstream.source.pg.types;

import io.ductstream.contract.envelope.SemanticTypes;
import java.sql.Connection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Finds the {@link ValueDecoder} for a column's type (docs/types.md). Built-in types are known by
 * OID; enums, domains, user arrays and extension types are read once from pg_type and cached. Both
 * lookups happen per relation column, never per row.
 */
public final class TypeRegistry {

  /**
   * The session settings (GUC name to value) the text decoders assume. The replication connection
   * sets them through pgjdbc's {@code options} property, see {@link #sessionOptions()}.
   */
  public static final Map<String, String> SESSION_SETTINGS = sessionSettings();

  private final TypeCatalog catalog;

  /**
   * How many decoders and catalog types are kept. Columns of a mapped relation hold their decoders,
   * so one forgotten here is only built again (and its type read again) for a later Relation
   * message: the bound costs a catalog query, never a wrong value. Types and typmods come and go
   * with tables and partitions over the life of a task.
   */
  static final int MAX_CACHED = 4096;

  private final Map<DecoderKey, ValueDecoder> decoders = lru();
  private final Map<Integer, CatalogType> catalogTypes = lru();

  private final boolean numericAsDecimal;

  /**
   * @param catalog a normal (non-replication) connection, used for pg_type lookups only
   */
  public TypeRegistry(Connection catalog) {
    this(catalog, true);
  }

  /**
   * @param numericAsDecimal true: numeric(p,s) is a Connect Decimal (NaN and infinities overflow to
   *     the envelope's {@code overflow}); false: every numeric is exact text ({@code
   *     io.ductstream.Numeric}), NaN and Infinity included
   */
  public TypeRegistry(Connection catalog, boolean numericAsDecimal) {
    this.catalog = new TypeCatalog(catalog);
    this.numericAsDecimal = numericAsDecimal;
  }

  /** {@link #SESSION_SETTINGS} as pgjdbc's {@code options} value: {@code -c name=value ...}. */
  public static String sessionOptions() {
    StringBuilder options = new StringBuilder();
    SESSION_SETTINGS.forEach(
        (name, value) -> {
          if (options.length() > 0) {
            options.append(' ');
          }
          options.append("-c ").append(name).append('=').append(value);
        });
    return options.toString();
  }

  /**
   * Decoder for a column: type OID and typmod as in the pgoutput Relation message, and its declared
   * array dimensions ({@code pg_attribute.attndims}; 0 means 1 for arrays).
   */
  public synchronized ValueDecoder decoder(int typeOid, int typmod, int arrayDims) {
    int dims = Math.max(1, arrayDims);
    DecoderKey key = new DecoderKey(typeOid, typmod, dims);
    ValueDecoder decoder = decoders.get(key);
    if (decoder == null) {
      decoder = build(typeOid, typmod, dims);
      decoders.put(key, decoder);
    }
    return decoder;
  }

  /**
   * Whether columns of this type can be decoded from pgoutput's binary mode. Ask pgoutput for
   * binary only when this holds for every captured column; a type without a binary decoder is still
   * decoded from text.
   */
  public synchronized boolean binarySafe(int typeOid) {
    if (BuiltinType.forOid(typeOid) != null || BuiltinType.forArrayOid(typeOid) != null) {
      return true;
    }
    CatalogType type = catalogType(typeOid);
    if (type == null) {
      return false;
    }
    switch (type.kind()) {
      case ENUM:
        return true;
      case DOMAIN:
        return binarySafe(type.baseType());
      case ARRAY:
        return binarySafe(type.elementType());
      default:
        return false;
    }
  }

  private ValueDecoder build(int oid, int typmod, int dims) {
    BuiltinType builtin = BuiltinType.forOid(oid);
    if (builtin == BuiltinType.NUMERIC && !numericAsDecimal) {
      return NumericDecoder.INSTANCE;
    }
    if (builtin != null) {
      return builtin.decoder(typmod);
    }
    BuiltinType element = BuiltinType.forArrayOid(oid);
    if (element != null) {
      // An array column's typmod is its elements' typmod (numeric(10,2)[]).
      return new ArrayDecoder(decoder(element.oid, typmod, 0), dims, ',');
    }
    CatalogType type = catalogType(oid);
    if (type == null) {
      return new PgTextDecoder("oid " + Integer.toUnsignedString(oid));
    }
    switch (type.kind()) {
      case ENUM:
        return new StringDecoder(
            SemanticTypes.enumeration(type.qualifiedName()).optional().build());
      case DOMAIN:
        return decoder(type.baseType(), typmod == -1 ? type.baseTypmod() : typmod, dims);
      case ARRAY:
        return new ArrayDecoder(decoder(type.elementType(), typmod, 0), dims, type.delimiter());
      default:
        return new PgTextDecoder(type.qualifiedName());
    }
  }

  /** How many decoders are cached now. */
  synchronized int cachedDecoders() {
    return decoders.size();
  }

  private static <K, V> Map<K, V> lru() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > MAX_CACHED;
      }
    };
  }

  private CatalogType catalogType(int oid) {
    CatalogType type = catalogTypes.get(oid);
    if (type == null && !catalogTypes.containsKey(oid)) {
      type = catalog.lookup(oid);
      catalogTypes.put(oid, type);
    }
    return type;
  }

  private static Map<String, String> sessionSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("DateStyle", "ISO");
    settings.put("IntervalStyle", "postgres");
    settings.put("TimeZone", "UTC");
    settings.put("extra_float_digits", "3");
    settings.put("bytea_output", "hex");
    // money's text depends on the monetary locale: C gives "-$1,234.56" with two fraction digits.
    settings.put("lc_monetary", "C");
    return Collections.unmodifiableMap(settings);
  }

  private record DecoderKey(int oid, int typmod, int dims) {}
}
