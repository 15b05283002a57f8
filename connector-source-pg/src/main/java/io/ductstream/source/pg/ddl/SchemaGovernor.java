package io.ductstream.source.pg.ddl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ductstream.source.pg.catalog.TableId;
import io.ductstream.source.pg.catalog.TableShape;
import io.ductstream.source.pg.config.PostgresSourceConfig;
import io.ductstream.source.pg.decoding.RelationMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the schema versions of a task's tables and governs their changes: each shape the stream or
 * the catalog shows is compared with the versions the store holds; a new one becomes the next
 * version with a DDL event, and with the gate on the stream holds at the first change of that shape
 * until the event is applied. Where a version starts is a stream position (commit LSN, change
 * number), so a replay after a restart finds the same versions at the same places and holds again
 * at an event that is still not applied.
 *
 * <p>Thread-safe: the reader thread and the catalog check share it; the wait for an approval runs
 * outside its lock.
 */
public final class SchemaGovernor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SchemaGovernor.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_STATEMENTS = 1024;

  /** The logical decoding message prefix of the capture trigger. */
  public static final String CAPTURE_PREFIX = "ductstream.ddl";

  /**
   * Waits while the stream is held: hands what was decoded before the held change to the runtime,
   * keeps the replication connection alive, then waits (a zero wait only hands over).
   */
  @FunctionalInterface
  public interface HoldWait {
    void pause(Duration wait) throws InterruptedException;
  }

  /**
   * What the stream does with a table's Relation message.
   *
   * @param version the schema version its changes carry
   * @param holdAt the event to hold at before its first change, 0 for none
   */
  public record Decision(int version, long holdAt) {}

  private final SchemaStore store;
  private final Predicate<TableId> governed;
  private final boolean gate;
  private final boolean autoApprove;
  private final boolean autoApply;
  private final Duration pollInterval;
  private final List<String> destinations;
  private final Map<TableId, List<SchemaStore.Version>> versions = new HashMap<>();
  private final Map<TableId, String> statements =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TableId, String> eldest) {
          return size() > MAX_STATEMENTS;
        }
      };
  private volatile long heldAt;

  /**
   * @param governed the tables whose shapes are versioned (the captured ones)
   */
  public SchemaGovernor(PostgresSourceConfig config, Predicate<TableId> governed) {
    this(
        new SchemaStore(config.ddlStore().orElseThrow(), config.ddlFlowId()),
        governed,
        config.ddlGate(),
        config.ddlAutoApprove(),
        config.ddlAutoApply(),
        config.ddlPollInterval(),
        config.ddlDestinations());
  }

  SchemaGovernor(
      SchemaStore store,
      Predicate<TableId> governed,
      boolean gate,
      boolean autoApprove,
      boolean autoApply,
      Duration pollInterval,
      List<String> destinations) {
    this.store = store;
    this.governed = governed;
    this.gate = gate;
    this.autoApprove = autoApprove;
    this.autoApply = autoApply;
    this.pollInterval = pollInterval;
    this.destinations = List.copyOf(destinations);
    store.check();
  }

  /** True when the shapes of {@code table} are versioned. */
  public boolean governs(TableId table) {
    return governed.test(table);
  }

  /**
   * Compares the catalog's shapes with the versions: a table without any gets version 1; a table
   * whose shape differs from its latest version (changed while the task was stopped, or not yet
   * reached by the stream) gets the next version, with its event, placed when the stream reaches
   * it.
   */
  public synchronized void checkCatalog(List<TableShape> tables) {
    for (TableShape table : tables) {
      if (!governs(table.id())) {
        continue;
      }
      RelationShape shape = RelationShape.of(table);
      List<SchemaStore.Version> known = versions(table.id());
      if (known.isEmpty()) {
        store.addFirst(table.id(), shape);
        forget(table.id());
        continue;
      }
      SchemaStore.Version latest = known.get(known.size() - 1);
      if (latest.shape().same(shape) || unplaced(known, shape) != null) {
        continue;
      }
      SchemaStore.Version added =
          addVersion(table.id(), latest, shape, -1, 0, "catalog", statements.remove(table.id()));
      log.info(
          "the catalog shows a new shape of {} (schema version {}, DDL event {}); it applies from"
              + " the first change the stream brings with it",
          table.id(),
          added.version(),
          added.eventId());
    }
  }

  /**
   * A Relation message of a governed table arrived at the change numbered {@code event} of the
   * transaction committing at {@code lsn}.
   *
   * @param catalog the table as the catalog describes it now, or null when unknown
   * @param delivered the transaction was handed over before (replayed only to be skipped): never
   *     held
   */
  public synchronized Decision relation(
      RelationMessage relation, TableShape catalog, long lsn, long event, boolean delivered) {
    TableId id = TableId.of(relation);
    List<SchemaStore.Version> known = versions(id);
    RelationShape seen = RelationShape.of(relation, catalog);
    if (known.isEmpty()) {
      store.addFirst(id, seen);
      forget(id);
      return new Decision(1, 0);
    }
    SchemaStore.Version inForce = inForce(known, lsn, event);
    boolean frontier = inForce == latestPlaced(known);
    RelationShape compared = frontier ? seen.withCatalogDetailsOf(inForce.shape()) : seen;
    if (frontier ? inForce.shape().same(compared) : inForce.shape().sameInStream(seen)) {
      return decide(inForce, delivered);
    }
    SchemaStore.Version reached = unplaced(known, compared);
    if (reached != null) {
      store.place(id, reached, lsn, event);
      forget(id);
      log.info(
          "schema version {} of {} (DDL event {}) starts at {}/{}",
          reached.version(),
          id,
          reached.eventId(),
          org.postgresql.replication.LogSequenceNumber.valueOf(lsn).asString(),
          event);
      return decide(reached, delivered);
    }
    SchemaStore.Version added =
        addVersion(id, inForce, compared, lsn, event, "relation", statements.remove(id));
    log.info(
        "{} changed shape: schema version {} (DDL event {}, {}): {}",
        id,
        added.version(),
        added.eventId(),
        gate ? "gate on" : "recorded as applied",
        ShapeDiff.between(inForce.shape(), compared).text().replace('\n', ';'));
    return decide(added, delivered);
  }

  /** The version the changes of a table read now (snapshot, backfill) carry. */
  public synchronized int versionOf(TableShape table) {
    List<SchemaStore.Version> known = versions(table.id());
    if (known.isEmpty()) {
      store.addFirst(table.id(), RelationShape.of(table));
      forget(table.id());
      return 1;
    }
    RelationShape shape = RelationShape.of(table);
    for (int i = known.size() - 1; i >= 0; i--) {
      if (known.get(i).shape().same(shape)) {
        return known.get(i).version();
      }
    }
    return known.get(known.size() - 1).version();
  }

  /**
   * A logical decoding message arrived; the capture trigger's ({@link #CAPTURE_PREFIX}) carry the
   * statement that changed a table, which becomes the text of that table's next event.
   */
  public void message(String prefix, byte[] content) {
    if (!CAPTURE_PREFIX.equals(prefix)) {
      return;
    }
    try {
      JsonNode node = JSON.readTree(new String(content, StandardCharsets.UTF_8));
      String object = node.path("object").asText("");
      String query = node.path("query").asText("");
      if (object.isEmpty() || query.isEmpty()) {
        return;
      }
      TableId table = TableId.parse(object);
      if (!governs(table)) {
        return;
      }
      synchronized (this) {
        if (!store.attachStatement(table, query)) {
          statements.put(table, query);
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      log.debug(
          "ignoring a {} message that is not a captured statement: {}", prefix, e.getMessage());
    }
  }

  /**
   * Waits until event {@code eventId} is applied (applying it when it is approved and
   * ddl.auto.apply is on), reading its status every ddl.poll.interval.ms; {@code waiting} keeps the
   * stream alive in between.
   */
  public void awaitApplied(long eventId, HoldWait waiting) throws InterruptedException {
    // the changes before the held one are queued before the stream says it is held: a runtime that
    // sees it held and then polls once more gets every one of them
    waiting.pause(Duration.ZERO);
    heldAt = eventId;
    String last = "";
    try {
      while (true) {
        SchemaStore.Status status = store.status(eventId);
        if (status.applied()) {
          log.info("DDL event {} is applied: the stream goes on", eventId);
          return;
        }
        if (status.status().equals("approved") && autoApply && store.markApplied(eventId, "auto")) {
          log.info(
              "DDL event {} approved and applied (ddl.auto.apply): the stream goes on", eventId);
          return;
        }
        if (status.status().equals("deleted")) {
          throw new ConnectException(
              "DDL event "
                  + eventId
                  + " the stream is held at was deleted from the store; restart the task to"
                  + " record the change again");
        }
        if (!status.status().equals(last)) {
          last = status.status();
          log.warn(
              "held at DDL event {} ({}{}): approve it (ductstream-admin ddl approve -id {}) and"
                  + " apply it (ddl apply -id {}) to go on",
              eventId,
              last,
              status.reason().isEmpty() ? "" : ": " + status.reason(),
              eventId,
              eventId);
        }
        waiting.pause(pollInterval);
      }
    } finally {
      heldAt = 0;
    }
  }

  /** The event the stream is held at, if any. */
  public OptionalLong heldAt() {
    long event = heldAt;
    return event == 0 ? OptionalLong.empty() : OptionalLong.of(event);
  }

  private Decision decide(SchemaStore.Version version, boolean delivered) {
    if (version.eventId() == 0 || delivered || !gate) {
      return new Decision(version.version(), 0);
    }
    return store.status(version.eventId()).applied()
        ? new Decision(version.version(), 0)
        : new Decision(version.version(), version.eventId());
  }

  private SchemaStore.Version addVersion(
      TableId id,
      SchemaStore.Version from,
      RelationShape shape,
      long lsn,
      long event,
      String detectedBy,
      String statement) {
    ShapeDiff diff = ShapeDiff.between(from.shape(), shape);
    String text = diff.isEmpty() ? "no column change" : diff.text();
    String status =
        !gate || (autoApprove && autoApply) ? "applied" : autoApprove ? "approved" : "pending";
    int next = versions(id).stream().mapToInt(SchemaStore.Version::version).max().orElse(0) + 1;
    SchemaStore.Version added =
        store.addVersion(
            id,
            from,
            shape,
            lsn,
            event,
            new SchemaStore.NewEvent(
                detectedBy,
                status,
                text,
                diff.plan(id.toString(), from.version(), next, destinations),
                statement == null ? text : statement,
                "auto"));
    forget(id);
    return added;
  }

  private List<SchemaStore.Version> versions(TableId id) {
    return versions.computeIfAbsent(id, store::versions);
  }

  private void forget(TableId id) {
    versions.remove(id);
  }

  /** The version in force at a position: the one starting latest at or before it. */
  private static SchemaStore.Version inForce(
      List<SchemaStore.Version> known, long lsn, long event) {
    SchemaStore.Version best = null;
    for (SchemaStore.Version version : known) {
      if (version.startsBy(lsn, event)
          && (best == null
              || Long.compareUnsigned(version.sinceLsn(), best.sinceLsn()) > 0
              || (version.sinceLsn() == best.sinceLsn()
                  && version.sinceEvent() >= best.sinceEvent()))) {
        best = version;
      }
    }
    return best != null ? best : known.get(0);
  }

  private static SchemaStore.Version latestPlaced(List<SchemaStore.Version> known) {
    return inForce(known, -1L, Long.MAX_VALUE);
  }

  private static SchemaStore.Version unplaced(
      List<SchemaStore.Version> known, RelationShape shape) {
    List<SchemaStore.Version> candidates = new ArrayList<>();
    for (SchemaStore.Version version : known) {
      if (!version.placed() && version.shape().same(shape)) {
        candidates.add(version);
      }
    }
    return candidates.isEmpty() ? null : candidates.get(0);
  }

  @Override
  public void close() {
    store.close();
  }
}
