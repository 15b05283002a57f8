package io.ductstream.source.pg.records;

import io.ductstream.source.pg.catalog.CatalogReader;
import io.ductstream.source.pg.catalog.TableId;
import io.ductstream.source.pg.catalog.TableShape;
import io.ductstream.source.pg.config.TopicNames;
import io.ductstream.source.pg.decoding.RelationMessage;
import io.ductstream.source.pg.types.TypeRegistry;
import io.ductstream.source.pg.types.ValueDecoder;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mapper of every table seen in a Relation message, by relation id. Tables outside the captured
 * set map to nothing and their changes are skipped. What a Relation message does not say (the
 * primary key, declared array dimensions) comes from the table's catalog shape.
 */
public final class RelationCache {
  private static final Logger log = LoggerFactory.getLogger(RelationCache.class);

  private final TypeRegistry types;
  private final CatalogReader catalog;
  private final Predicate<TableId> captured;
  private final TopicNames names;
  private final String placeholder;
  private final Map<Integer, TableMapper> mappers = new HashMap<>();

  /**
   * Above this many mapped relations the catalog is asked which of them were dropped (partitions
   * come and go: without this the map grows for the life of the connection); the bound then doubles
   * with what is left.
   */
  private final int checkAbove;

  private int nextCheckAbove;

  /**
   * Relations found dropped, forgotten once the stream has passed the position they were seen at.
   */
  private CatalogReader.Dropped dropped;

  /**
   * @param catalog reads a relation's shape when a Relation message arrives
   * @param captured decides whether a table's changes are emitted
   */
  public RelationCache(
      TypeRegistry types,
      CatalogReader catalog,
      Predicate<TableId> captured,
      TopicNames names,
      String placeholder) {
    this(types, catalog, captured, names, placeholder, DEFAULT_CHECK_ABOVE);
  }

  /** The default of {@code checkAbove}: mapped relations before the catalog is asked for drops. */
  public static final int DEFAULT_CHECK_ABOVE = 1024;

  /**
   * @param checkAbove mapped relations above which the catalog is asked which were dropped
   */
  public RelationCache(
      TypeRegistry types,
      CatalogReader catalog,
      Predicate<TableId> captured,
      TopicNames names,
      String placeholder,
      int checkAbove) {
    this.checkAbove = checkAbove;
    this.nextCheckAbove = checkAbove;
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

  /** A Relation message arrived: its table's shape is read from the catalog. */
  public void update(RelationMessage relation) {
    forgetDropped(relation.relationId());
    if (!captured.test(TableId.of(relation))) {
      mappers.remove(relation.relationId()); // its changes are skipped
      return;
    }
    map(relation, describe(relation), null);
  }

  /** How many relations are mapped now. */
  public int size() {
    return mappers.size();
  }

  /**
   * A transaction ending at {@code endLsn} was read. Relations found dropped at a position it has
   * passed are forgotten: every change of theirs came before. When many are mapped, the catalog is
   * asked which are gone.
   */
  public void committed(long endLsn) {
    if (dropped != null && Long.compareUnsigned(endLsn, dropped.atLsn()) >= 0) {
      dropped.relationIds().forEach(mappers::remove);
      log.debug("forgot {} dropped relation(s)", dropped.relationIds().size());
      dropped = null;
      nextCheckAbove = Math.max(checkAbove, 2 * mappers.size());
    }
    if (dropped == null && mappers.size() > nextCheckAbove) {
      try {
        CatalogReader.Dropped found = catalog.dropped(List.copyOf(mappers.keySet()));
        if (!found.relationIds().isEmpty()) {
          dropped = found;
        }
      } catch (SQLException e) {
        log.warn(
            "could not ask the catalog which of {} mapped relations were dropped: {}",
            mappers.size(),
            e.getMessage());
      }
      nextCheckAbove = Math.max(checkAbove, 2 * mappers.size());
    }
  }

  /** A Relation message for {@code relationId}: it exists, whatever the catalog said before. */
  private void forgetDropped(int relationId) {
    if (dropped != null) {
      dropped.relationIds().remove(relationId);
    }
  }

  /** True when the changes of {@code relation}'s table are emitted. */
  public boolean captures(RelationMessage relation) {
    return captured.test(TableId.of(relation));
  }

  /**
   * The catalog's shape of {@code relation}'s table now, or null when it was dropped meanwhile (its
   * key then comes from the message alone).
   */
  public TableShape describe(RelationMessage relation) {
    try {
      return catalog.describe(relation.relationId()).orElse(null);
    } catch (SQLException e) {
      throw new ConnectException(
          "cannot read the catalog entry of " + relation.qualifiedName() + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * Maps {@code relation} with what the catalog says of it ({@code shape}, already read, or null
   * when unknown).
   */
  public void update(RelationMessage relation, TableShape shape) {
    update(relation, shape, null);
  }

  /**
   * Maps {@code relation} with what the catalog says of it ({@code shape}, or null when unknown),
   * its records carrying {@code schemaVersion} (null when unknown).
   */
  public void update(RelationMessage relation, TableShape shape, Integer schemaVersion) {
    forgetDropped(relation.relationId());
    if (!captured.test(TableId.of(relation))) {
      mappers.remove(relation.relationId()); // its changes are skipped
      return;
    }
    map(relation, shape, schemaVersion);
  }

  private void map(RelationMessage relation, TableShape shape, Integer schemaVersion) {
    String name = relation.qualifiedName();
    List<RelationMessage.Column> columns = relation.columns();
    ValueDecoder[] decoders = new ValueDecoder[columns.size()];
    for (int i = 0; i < decoders.length; i++) {
      RelationMessage.Column column = columns.get(i);
      TableShape.Column described = shape == null ? null : shape.column(column.name());
      int dims = described == null ? 0 : described.arrayDims();
      decoders[i] = types.decoder(column.typeOid(), column.typmod(), dims);
    }
    int[] keyColumns = keyColumns(relation, shape);
    TableMapper mapper =
        new TableMapper(relation, names, decoders, keyColumns, placeholder, schemaVersion);
    mappers.put(relation.relationId(), mapper);
    log.debug("relation {} ({} columns) maps to topic {}", name, columns.size(), mapper.topic());
  }

  /**
   * The primary key when the table has one, else the replica identity index's columns; a table with
   * REPLICA IDENTITY FULL and no primary key has no key.
   */
  static int[] keyColumns(RelationMessage relation, TableShape shape) {
    List<RelationMessage.Column> columns = relation.columns();
    boolean usePrimaryKey = shape != null && !shape.primaryKey().isEmpty();
    if (!usePrimaryKey && relation.replicaIdentity() != 'i') {
      return new int[0];
    }
    return IntStream.range(0, columns.size())
        .filter(
            i -> {
              if (!usePrimaryKey) {
                return columns.get(i).key();
              }
              TableShape.Column column = shape.column(columns.get(i).name());
              return column != null && column.primaryKeyPosition() >= 0;
            })
        .toArray();
  }
}
