package io.ductstream.source.pg.types;

import io.ductstream.contract.envelope.SemanticTypes;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;

/**
 * The built-in types docs/types.md maps, with their fixed OIDs and array OIDs (pg_type.dat; they
 * never change between Postgres versions), so no catalog query is needed for them.
 */
enum BuiltinType {
  BOOL(16, 1000, "bool"),
  BYTEA(17, 1001, "bytea"),
  CHAR(18, 1002, "char"),
  NAME(19, 1003, "name"),
  INT8(20, 1016, "int8"),
  INT2(21, 1005, "int2"),
  INT4(23, 1007, "int4"),
  TEXT(25, 1009, "text"),
  OID(26, 1028, "oid"),
  JSON(114, 199, "json"),
  XML(142, 143, "xml"),
  FLOAT4(700, 1021, "float4"),
  FLOAT8(701, 1022, "float8"),
  MONEY(790, 791, "money"),
  MACADDR(829, 1040, "macaddr"),
  INET(869, 1041, "inet"),
  CIDR(650, 651, "cidr"),
  MACADDR8(774, 775, "macaddr8"),
  BPCHAR(1042, 1014, "bpchar"),
  VARCHAR(1043, 1015, "varchar"),
  DATE(1082, 1182, "date"),
  TIME(1083, 1183, "time"),
  TIMESTAMP(1114, 1115, "timestamp"),
  TIMESTAMPTZ(1184, 1185, "timestamptz"),
  INTERVAL(1186, 1187, "interval"),
  TIMETZ(1266, 1270, "timetz"),
  BIT(1560, 1561, "bit"),
  VARBIT(1562, 1563, "varbit"),
  NUMERIC(1700, 1231, "numeric"),
  UUID(2950, 2951, "uuid"),
  JSONB(3802, 3807, "jsonb");

  private static final Map<Integer, BuiltinType> BY_OID = new HashMap<>();
  private static final Map<Integer, BuiltinType> BY_ARRAY_OID = new HashMap<>();
  private static final StringDecoder STRING = new StringDecoder(Schema.OPTIONAL_STRING_SCHEMA);
  private static final StringDecoder JSON_STRING =
      new StringDecoder(SemanticTypes.json().optional().build());
  private static final StringDecoder XML_TEXT =
      new StringDecoder(SemanticTypes.pgText("xml").optional().build());

  static {
    for (BuiltinType type : values()) {
      BY_OID.put(type.oid, type);
      BY_ARRAY_OID.put(type.arrayOid, type);
    }
  }

  final int oid;
  final int arrayOid;
  final String typname;

  BuiltinType(int oid, int arrayOid, String typname) {
    this.oid = oid;
    this.arrayOid = arrayOid;
    this.typname = typname;
  }

  /** The built-in type with this OID, or null. */
  static BuiltinType forOid(int oid) {
    return BY_OID.get(oid);
  }

  /** The element type of the built-in array type with this OID, or null. */
  static BuiltinType forArrayOid(int oid) {
    return BY_ARRAY_OID.get(oid);
  }

  /** This type's decoder for a column typmod (only numeric's matters). */
  ValueDecoder decoder(int typmod) {
    switch (this) {
      case BOOL:
        return BooleanDecoder.INSTANCE;
      case BYTEA:
        return ByteaDecoder.INSTANCE;
      case CHAR:
        return CharDecoder.INSTANCE;
      case NAME:
      case TEXT:
      case BPCHAR:
      case VARCHAR:
        return STRING;
      case INT8:
        return Int64Decoder.INSTANCE;
      case INT2:
        return Int16Decoder.INSTANCE;
      case INT4:
        return Int32Decoder.INSTANCE;
      case OID:
        return OidDecoder.INSTANCE;
      case JSON:
        return JSON_STRING;
      case JSONB:
        return JsonbDecoder.INSTANCE;
      case XML:
        return XML_TEXT;
      case FLOAT4:
        return Float32Decoder.INSTANCE;
      case FLOAT8:
        return Float64Decoder.INSTANCE;
      case MONEY:
        return MoneyDecoder.INSTANCE;
      case MACADDR:
      case MACADDR8:
        return MacAddrDecoder.INSTANCE;
      case INET:
        return InetDecoder.INET;
      case CIDR:
        return InetDecoder.CIDR;
      case DATE:
        return DateDecoder.INSTANCE;
      case TIME:
        return TimeDecoder.INSTANCE;
      case TIMESTAMP:
        return TimestampDecoder.WITHOUT_ZONE;
      case TIMESTAMPTZ:
        return TimestampDecoder.WITH_ZONE;
      case INTERVAL:
        return IntervalDecoder.INSTANCE;
      case TIMETZ:
        return TimeTzDecoder.INSTANCE;
      case BIT:
      case VARBIT:
        return BitsDecoder.INSTANCE;
      case NUMERIC:
        return DecimalDecoder.forTypmod(typmod);
      case UUID:
        return UuidDecoder.INSTANCE;
      default:
        throw new IllegalStateException("no decoder for built-in type " + typname);
    }
  }
}
