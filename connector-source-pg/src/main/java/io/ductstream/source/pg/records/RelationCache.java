package io.ductstream.source.pg.records;

import io.ductstream.source.pg.decoding.RelationMessage;
import io.ductstream.source.pg.types.TypeRegistry;
import io.ductstream.source.pg.types.ValueDecoder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mapper of every table seen in a Relation message, by relation id. Tables outside the captured
 * set map to nothing and their changes are skipped.
 */
public final class RelationCache {
  private static final Logger log = LoggerFactory.getLogger(RelationCache.class);

  private final TypeRegistry types;
  private final RelationCatalog catalog;
  private final Predicate<String> captured;
  private final TopicNames names;
  private final String placeholder;
  private final Map<Integer, TableMapper> mappers = new HashMap<>();

  /**
   * @param captured decides from {@code schema.table} whether a table's changes are emitted
   */
  public RelationCache(
      TypeRegistry types,
      RelationCatalog catalog,
      Predicate<String> captured,
      TopicNames names,
      String placeholder) {
    this.types = types;
    this.catalog = catalog;
    this.captured = captured;
    this.names = names;
    this.placeholder = placeholder;
  }

  /** The mapper for a relation id, or null when the table is not captured. */
  public TableMapper get(int relationId) {
    return mappers.get(relationId);
  }

  public void update(RelationMessage relation) {
    String name = relation.qualifiedName();
    if (!captured.test(name)) {
      mappers.put(relation.relationId(), null);
      return;
    }
    RelationCatalog.TableFacts facts = catalog.describe(relation.relationId(), name);
    List<RelationMessage.Column> columns = relation.columns();
    ValueDecoder[] decoders = new ValueDecoder[columns.size()];
    for (int i = 0; i < decoders.length; i++) {
      RelationMessage.Column column = columns.get(i);
      decoders[i] = types.decoder(column.typeOid(), column.typmod(), facts.dims(column.name()));
    }
    int[] keyColumns = keyColumns(relation, facts);
    TableMapper mapper = new TableMapper(relation, names, decoders, keyColumns, placeholder);
    mappers.put(relation.relationId(), mapper);
    log.debug("relation {} ({} columns) maps to topic {}", name, columns.size(), mapper.topic());
  }

  /**
   * The primary key when the table has one, else the replica identity index's columns; a table with
   * REPLICA IDENTITY FULL and no primary key has no key.
   */
  static int[] keyColumns(RelationMessage relation, RelationCatalog.TableFacts facts) {
    List<RelationMessage.Column> columns = relation.columns();
    boolean usePrimaryKey = !facts.primaryKey().isEmpty();
    if (!usePrimaryKey && relation.replicaIdentity() != 'i') {
      return new int[0];
    }
    return java.util.stream.IntStream.range(0, columns.size())
        .filter(
            i ->
                usePrimaryKey
                    ? facts.primaryKey().contains(columns.get(i).name())
                    : columns.get(i).key())
        .toArray();
  }
}
