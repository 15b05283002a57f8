package io.ductstream.source.pg.types;

/**
 * What pg_type says about a type that is not built in: its kind, and for domains the base type and
 * typmod, for arrays the element type and delimiter.
 */
record CatalogType(
    int oid,
    String schemaName,
    String typeName,
    Kind kind,
    int baseType,
    int baseTypmod,
    int elementType,
    char delimiter) {

  enum Kind {
    ENUM,
    DOMAIN,
    ARRAY,
    OTHER
  }

  /**
   * {@code schema.type}, or the bare name for pg_catalog types, as the {@code pg.type} parameter.
   */
  String qualifiedName() {
    return "pg_catalog".equals(schemaName) ? typeName : schemaName + "." + typeName;
  }
}
