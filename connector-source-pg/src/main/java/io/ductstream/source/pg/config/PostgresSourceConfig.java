package io.ductstream.source.pg.config;

import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.source.pg.catalog.TableId;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Every configuration key of the Postgres source connector, declared once with its type, default,
 * validator, importance, doc and group. Nothing else reads the raw property map.
 */
public final class PostgresSourceConfig extends AbstractConfig {
  public static final String GROUP_CONNECTION = "Connection";
  public static final String GROUP_REPLICATION = "Replication";
  public static final String GROUP_RECORDS = "Records";
  public static final String GROUP_PERFORMANCE = "Performance";
  public static final String GROUP_SNAPSHOT = "Snapshot";
  public static final String GROUP_BACKFILL = "Backfill";
  public static final String GROUP_DDL = "Schema changes";

  public static final String DATABASE_DSN = "database.dsn";
  public static final String DATABASE_HOSTNAME = "database.hostname";
  public static final String DATABASE_PORT = "database.port";
  public static final String DATABASE_DBNAME = "database.dbname";
  public static final String DATABASE_USER = "database.user";
  public static final String DATABASE_PASSWORD = "database.password";
  public static final String DATABASE_SSLMODE = "database.sslmode";

  public static final String SLOT_NAME = "slot.name";
  public static final String SLOT_CREATE = "slot.create";
  public static final String PUBLICATION_NAME = "publication.name";
  public static final String PUBLICATION_CREATE = "publication.create";
  public static final String TABLE_INCLUDE_LIST = "table.include.list";
  public static final String TABLE_EXCLUDE_LIST = "table.exclude.list";
  public static final String START_LSN = "start.lsn";
  public static final String HEARTBEAT_INTERVAL_MS = "heartbeat.interval.ms";
  public static final String HEARTBEAT_EMIT_MESSAGE = "heartbeat.emit.message";
  public static final String SLOT_ACTIVE_WAIT_MS = "slot.active.wait.ms";
  public static final String PGOUTPUT_BINARY = "pgoutput.binary";
  public static final String CONNECTION_RETRY_TIMEOUT_MS = "connection.retry.timeout.ms";

  public static final String TOPIC_PREFIX = "topic.prefix";
  public static final String TOPIC_ROUTING = "topic.routing";
  public static final List<String> TOPIC_ROUTINGS = List.of("table", "single");
  public static final String FLOW_NAME = "flow.name";
  public static final String TOAST_UNCHANGED_PLACEHOLDER = "toast.unchanged.placeholder";
  public static final String NUMERIC_MODE = "numeric.mode";
  public static final List<String> NUMERIC_MODES = List.of("decimal", "string");

  public static final String SIGNAL_TABLE = "signal.table";
  public static final String BACKFILL_CHUNK_ROWS = "backfill.chunk.rows";

  public static final String DDL_STORE_DSN = "ddl.store.dsn";
  public static final String DDL_FLOW_ID = "ddl.flow.id";
  public static final String DDL_GATE = "ddl.gate";
  public static final String DDL_AUTO_APPROVE = "ddl.auto.approve";
  public static final String DDL_AUTO_APPLY = "ddl.auto.apply";
  public static final String DDL_CATALOG_ENABLED = "ddl.catalog.enabled";
  public static final String DDL_CATALOG_INTERVAL_MS = "ddl.catalog.interval.ms";
  public static final String DDL_CATALOG_SCHEMAS = "ddl.catalog.schemas";
  public static final String DDL_POLL_INTERVAL_MS = "ddl.poll.interval.ms";
  public static final String DDL_DESTINATIONS = "ddl.destinations";

  public static final String MAX_BATCH_SIZE = "max.batch.size";
  public static final String MAX_QUEUE_BYTES = "max.queue.bytes";
  public static final String SPOOL_MAX_BYTES = "spool.max.bytes";
  public static final String POLL_INTERVAL_MS = "poll.interval.ms";

  public static final String SNAPSHOT_MODE = "snapshot.mode";
  public static final String SNAPSHOT_CHUNK_ROWS = "snapshot.chunk.rows";
  public static final String SNAPSHOT_MAX_THREADS = "snapshot.max.threads";
  public static final List<String> SNAPSHOT_MODES =
      List.of("initial", "never", "initial_only", "when_needed");

  public static final String DEFAULT_SLOT = "ductstream_slot";
  public static final String DEFAULT_PUBLICATION = "ductstream_pub";
  public static final String DEFAULT_PLACEHOLDER = "__ductstream_unchanged_toast";

  public static final List<String> SSL_MODES =
      List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

  public static final ConfigDef CONFIG_DEF = define();

  public PostgresSourceConfig(Map<String, String> props) {
    super(CONFIG_DEF, props);
    checkConnection();
    checkDdl();
  }

  private static ConfigDef define() {
    ConfigDef def = new ConfigDef();
    int order = 0;
    def.define(
        DATABASE_DSN,
        Type.PASSWORD,
        null,
        Importance.HIGH,
        "Connection URL of the source database: postgres://user:pass@host:5432/db?sslmode=disable"
            + " (postgresql:// and jdbc:postgresql:// also work). Takes the place of the"
            + " database.hostname, port, dbname, user and password keys (validation refuses them"
            + " beside it); kept secret in logs. Its"
            + " parameters are pgjdbc's TLS, Kerberos, timeout and socket ones (sslmode, sslrootcert,"
            + " sslcert, sslkey, connectTimeout, ...; libpq's connect_timeout and application_name"
            + " are read as pgjdbc's); others, which would override the connector's session settings"
            + " or load code (options, replication, socketFactory, sslfactory, ...), are refused.",
        GROUP_CONNECTION,
        ++order,
        Width.LONG,
        "Database URL");
    def.define(
        DATABASE_HOSTNAME,
        Type.STRING,
        null,
        Importance.HIGH,
        "Host of the source database, when database.dsn is not set.",
        GROUP_CONNECTION,
        ++order,
        Width.MEDIUM,
        "Host");
    def.define(
        DATABASE_PORT,
        Type.INT,
        PostgresDsn.DEFAULT_PORT,
        Range.between(1, 65535),
        Importance.MEDIUM,
        "Port of the source database, when database.dsn is not set.",
        GROUP_CONNECTION,
        ++order,
        Width.SHORT,
        "Port");
    def.define(
        DATABASE_DBNAME,
        Type.STRING,
        null,
        Importance.HIGH,
        "Database to capture changes from, when database.dsn is not set.",
        GROUP_CONNECTION,
        ++order,
        Width.MEDIUM,
        "Database");
    def.define(
        DATABASE_USER,
        Type.STRING,
        null,
        Importance.HIGH,
        "Role to connect as; it needs the REPLICATION attribute (or to be a superuser) and"
            + " SELECT on the captured tables.",
        GROUP_CONNECTION,
        ++order,
        Width.MEDIUM,
        "User");
    def.define(
        DATABASE_PASSWORD,
        Type.PASSWORD,
        null,
        Importance.HIGH,
        "Password of database.user.",
        GROUP_CONNECTION,
        ++order,
        Width.MEDIUM,
        "Password");
    def.define(
        DATABASE_SSLMODE,
        Type.STRING,
        "",
        ConfigDef.LambdaValidator.with(
            (name, value) -> {
              if (value != null && !"".equals(value) && !SSL_MODES.contains(value)) {
                throw new ConfigException(name, value, "must be one of " + SSL_MODES);
              }
            },
            () -> "one of " + SSL_MODES + ", or empty"),
        Importance.MEDIUM,
        "libpq-style sslmode (disable, allow, prefer, require, verify-ca, verify-full); overrides"
            + " an sslmode in database.dsn. Unset means pgjdbc's default (prefer).",
        GROUP_CONNECTION,
        ++order,
        Width.SHORT,
        "SSL mode");

    order = 0;
    def.define(
        SLOT_NAME,
        Type.STRING,
        DEFAULT_SLOT,
        new PostgresIdentifierValidator(),
        Importance.HIGH,
        "Logical replication slot to stream from. One slot per connector: two connectors must"
            + " never share one.",
        GROUP_REPLICATION,
        ++order,
        Width.MEDIUM,
        "Slot");
    def.define(
        SLOT_CREATE,
        Type.BOOLEAN,
        true,
        Importance.MEDIUM,
        "Create the slot (plugin pgoutput) when it does not exist. With false, a missing slot is"
            + " a configuration error.",
        GROUP_REPLICATION,
        ++order,
        Width.SHORT,
        "Create slot");
    def.define(
        PUBLICATION_NAME,
        Type.STRING,
        DEFAULT_PUBLICATION,
        new PostgresIdentifierValidator(),
        Importance.HIGH,
        "Publication naming the tables to capture.",
        GROUP_REPLICATION,
        ++order,
        Width.MEDIUM,
        "Publication");
    def.define(
        PUBLICATION_CREATE,
        Type.BOOLEAN,
        true,
        Importance.MEDIUM,
        "Create the publication when it does not exist: FOR TABLE the tables of"
            + " table.include.list, or FOR ALL TABLES when that list is empty (needs a superuser)."
            + " With false, a missing publication is a configuration error.",
        GROUP_REPLICATION,
        ++order,
        Width.SHORT,
        "Create publication");
    def.define(
        TABLE_INCLUDE_LIST,
        Type.STRING,
        "",
        new TableListValidator(),
        Importance.HIGH,
        "Tables to capture, as schema.table separated by commas (a bare name means public.name)."
            + " Names are taken as written, case kept: Orders is the table created as \"Orders\"."
            + " A name holding a dot, a comma, a double quote or leading or trailing spaces is"
            + " written in double quotes, a quote in it doubled: \"my.app\".\"order,items\"."
            + " Empty means every table of the publication.",
        GROUP_REPLICATION,
        ++order,
        Width.LONG,
        "Include tables");
    def.define(
        TABLE_EXCLUDE_LIST,
        Type.STRING,
        "",
        new TableListValidator(),
        Importance.MEDIUM,
        "Tables of the publication to leave out, as schema.table separated by commas, written as"
            + " in table.include.list.",
        GROUP_REPLICATION,
        ++order,
        Width.LONG,
        "Exclude tables");
    def.define(
        START_LSN,
        Type.STRING,
        "",
        new LsnValidator(),
        Importance.LOW,
        "LSN (X/XXXXXXXX) to start streaming from when the connector has no committed offset yet."
            + " Empty means the slot's confirmed position. Ignored once an offset exists.",
        GROUP_REPLICATION,
        ++order,
        Width.MEDIUM,
        "Start LSN");
    def.define(
        HEARTBEAT_INTERVAL_MS,
        Type.LONG,
        10_000L,
        Range.atLeast(100),
        Importance.MEDIUM,
        "How often to send the server a standby status update with the durable position, so an"
            + " idle slot does not pin WAL.",
        GROUP_REPLICATION,
        ++order,
        Width.SHORT,
        "Heartbeat interval (ms)");
    def.define(
        HEARTBEAT_EMIT_MESSAGE,
        Type.BOOLEAN,
        false,
        Importance.LOW,
        "Also write a non-transactional pg_logical_emit_message at each heartbeat, so the slot"
            + " advances when the published tables are idle while other tables are busy.",
        GROUP_REPLICATION,
        ++order,
        Width.SHORT,
        "Heartbeat message");

    def.define(
        SLOT_ACTIVE_WAIT_MS,
        Type.LONG,
        30_000L,
        Range.atLeast(0),
        Importance.LOW,
        "How long a starting task waits for the slot to be released when another connection"
            + " (often the previous run of this task) still streams it, before failing.",
        GROUP_REPLICATION,
        ++order,
        Width.SHORT,
        "Slot wait (ms)");

    def.define(
        PGOUTPUT_BINARY,
        Type.BOOLEAN,
        true,
        Importance.LOW,
        "Ask pgoutput for values in binary form (PostgreSQL 14+), which is faster to decode. It is"
            + " used only when every captured column's type can be read in binary; false always"
            + " uses text form.",
        GROUP_REPLICATION,
        ++order,
        Width.SHORT,
        "Binary values");

    def.define(
        CONNECTION_RETRY_TIMEOUT_MS,
        Type.LONG,
        300_000L,
        Range.atLeast(0),
        Importance.LOW,
        "How long the task keeps reconnecting (backoff from 1 s doubling to 30 s) after the"
            + " replication connection fails, or while it cannot be opened as streaming starts"
            + " (the database restarting or refusing connections), before it fails itself.",
        GROUP_REPLICATION,
        ++order,
        Width.SHORT,
        "Reconnect for (ms)");

    order = 0;
    def.define(
        TOPIC_PREFIX,
        Type.STRING,
        ConfigDef.NO_DEFAULT_VALUE,
        new TopicPrefixValidator(),
        Importance.HIGH,
        "Prefix of the topic names: with topic.routing=table, changes of schema.table go to"
            + " <topic.prefix>.<schema>.<table>; with topic.routing=single, every change goes to"
            + " the topic <topic.prefix> itself. Also the prefix of the record schemas' names"
            + " (<topic.prefix>.<schema>.<table>.Key, .Value, .Envelope) in both cases.",
        GROUP_RECORDS,
        ++order,
        Width.MEDIUM,
        "Topic prefix");
    def.define(
        TOPIC_ROUTING,
        Type.STRING,
        "table",
        ConfigDef.ValidString.in(TOPIC_ROUTINGS.toArray(String[]::new)),
        Importance.HIGH,
        "Which topics the changes go to: table (one topic per table,"
            + " <topic.prefix>.<schema>.<table>, keyed by the primary-key columns) or single"
            + " (every change to the one topic <topic.prefix>, keyed by a struct of __namespace"
            + " and __table, the table's schema and name, followed by the primary-key columns,"
            + " so each row's changes keep their order in one partition and log compaction keeps"
            + " one record per row of each table). Records of tables without a key have a null key"
            + " either way.",
        GROUP_RECORDS,
        ++order,
        Width.SHORT,
        "Topic routing");
    def.define(
        FLOW_NAME,
        Type.STRING,
        "",
        Importance.LOW,
        "Flow name written to source.flow of every record (set by the control plane).",
        GROUP_RECORDS,
        ++order,
        Width.MEDIUM,
        "Flow name");
    def.define(
        TOAST_UNCHANGED_PLACEHOLDER,
        Type.STRING,
        DEFAULT_PLACEHOLDER,
        Importance.LOW,
        "Value written to text, json and bytea columns that Postgres did not send because they are"
            + " TOASTed and unchanged. Such columns are also named in the record's unchanged list.",
        GROUP_RECORDS,
        ++order,
        Width.MEDIUM,
        "Unchanged TOAST placeholder");

    def.define(
        NUMERIC_MODE,
        Type.STRING,
        "decimal",
        ConfigDef.ValidString.in(NUMERIC_MODES.toArray(String[]::new)),
        Importance.MEDIUM,
        "How numeric(p,s) columns are emitted: decimal (a Connect Decimal with scale s; a NaN,"
            + " which a Decimal cannot hold, is null in the column and its text is in the"
            + " envelope's overflow) or string (exact text under io.ductstream.Numeric, NaN"
            + " included). Unconstrained numeric is always exact text.",
        GROUP_RECORDS,
        ++order,
        Width.SHORT,
        "Numeric mode");

    order = 0;
    def.define(
        MAX_BATCH_SIZE,
        Type.INT,
        2048,
        Range.between(1, 1_000_000),
        Importance.MEDIUM,
        "Most records poll() hands to the runtime at a time.",
        GROUP_PERFORMANCE,
        ++order,
        Width.SHORT,
        "Max batch size");
    def.define(
        MAX_QUEUE_BYTES,
        Type.LONG,
        4L * 1024 * 1024,
        Range.atLeast(64 * 1024),
        Importance.MEDIUM,
        "Most bytes of decoded changes waiting between the replication reader and poll(); the"
            + " reader waits when it is full, so memory stays bounded whatever the transaction size.",
        GROUP_PERFORMANCE,
        ++order,
        Width.SHORT,
        "Max queue bytes");
    def.define(
        SPOOL_MAX_BYTES,
        Type.LONG,
        0L,
        Range.atLeast(0),
        Importance.LOW,
        "Most bytes the files of transactions in progress may take on disk together (PostgreSQL"
            + " 14+ streams a large transaction before it commits; the task keeps its changes in"
            + " files under the worker's java.io.tmpdir until the commit). A transaction that would"
            + " pass it fails the task with this setting's name instead of filling the disk. 0: no"
            + " cap but the disk's.",
        GROUP_PERFORMANCE,
        ++order,
        Width.SHORT,
        "Max spool bytes");
    def.define(
        POLL_INTERVAL_MS,
        Type.LONG,
        500L,
        Range.between(1, 60_000),
        Importance.LOW,
        "Longest poll() waits for a change before returning nothing.",
        GROUP_PERFORMANCE,
        ++order,
        Width.SHORT,
        "Poll interval (ms)");

    order = 0;
    def.define(
        SNAPSHOT_MODE,
        Type.STRING,
        "initial",
        ConfigDef.ValidString.in(SNAPSHOT_MODES.toArray(String[]::new)),
        Importance.HIGH,
        "Whether to read the rows the captured tables already hold before streaming changes:"
            + " initial (on the first start, snapshot the tables, then stream from the point the"
            + " snapshot was taken), never (stream changes only), initial_only (snapshot, then"
            + " stop reading; no slot is used) or when_needed (snapshot when there is no committed"
            + " offset or the slot the offset belongs to is gone, else stream). A snapshot"
            + " interrupted by a restart resumes with the chunks not yet committed.",
        GROUP_SNAPSHOT,
        ++order,
        Width.SHORT,
        "Snapshot mode");
    def.define(
        SNAPSHOT_CHUNK_ROWS,
        Type.INT,
        100_000,
        Range.atLeast(1),
        Importance.MEDIUM,
        "Rows per snapshot chunk: each table is split into primary-key ranges of about this many"
            + " rows (block ranges of about as many rows for a table without a key). A chunk is"
            + " the unit of parallel reading and of resuming after a restart.",
        GROUP_SNAPSHOT,
        ++order,
        Width.SHORT,
        "Chunk rows");
    def.define(
        SNAPSHOT_MAX_THREADS,
        Type.INT,
        4,
        Range.between(1, 64),
        Importance.MEDIUM,
        "Connections reading snapshot chunks in parallel, all inside the same database snapshot.",
        GROUP_SNAPSHOT,
        ++order,
        Width.SHORT,
        "Snapshot threads");

    order = 0;
    def.define(
        SIGNAL_TABLE,
        Type.STRING,
        "",
        new SignalTableValidator(),
        Importance.MEDIUM,
        "schema.table of the signal table (written as in table.include.list), which turns on"
            + " on-demand backfills: a row inserted"
            + " there with type execute-snapshot and data {\"data-collections\":"
            + " [\"public.orders\"]} re-reads those tables in key order while streaming goes on."
            + " The table needs columns (id text, type text, data text) and must be in the"
            + " publication; its rows are signals, not emitted as records. Empty turns signals off.",
        GROUP_BACKFILL,
        ++order,
        Width.MEDIUM,
        "Signal table");
    def.define(
        BACKFILL_CHUNK_ROWS,
        Type.INT,
        2048,
        Range.between(1, 1_000_000),
        Importance.LOW,
        "Rows a backfill reads per chunk. A chunk is held in memory until the stream passes its"
            + " high watermark, so this bounds the backfill's memory.",
        GROUP_BACKFILL,
        ++order,
        Width.SHORT,
        "Backfill chunk rows");
    defineDdl(def);
    return def;
  }

  private static void defineDdl(ConfigDef def) {
    int order = 0;
    def.define(
        DDL_STORE_DSN,
        Type.PASSWORD,
        null,
        Importance.MEDIUM,
        "Connection URL of the DuctStream store (the control plane's Postgres, set up by"
            + " bin/ductstream) where the schema versions of the captured tables and the schema"
            + " changes (DDL events) are kept. When set, every record carries its table's schema"
            + " version (the value schema's version) and schema changes are recorded; the ddl.gate"
            + " settings need it. Unset: records carry no schema version and nothing is recorded.",
        GROUP_DDL,
        ++order,
        Width.LONG,
        "DuctStream store URL");
    def.define(
        DDL_FLOW_ID,
        Type.STRING,
        "",
        Importance.LOW,
        "The flow the schema versions and DDL events are recorded under (set by the control"
            + " plane). Empty: flow.name, else slot.name.",
        GROUP_DDL,
        ++order,
        Width.MEDIUM,
        "Flow id");
    def.define(
        DDL_GATE,
        Type.BOOLEAN,
        false,
        Importance.MEDIUM,
        "Hold at the first change of a table with a new shape until its DDL event is applied"
            + " (ductstream-admin ddl approve, then ddl apply): nothing of the new shape is emitted"
            + " and the slot keeps the WAL meanwhile. Off: events are recorded as applied, an"
            + " audit trail.",
        GROUP_DDL,
        ++order,
        Width.SHORT,
        "DDL gate");
    def.define(
        DDL_AUTO_APPROVE,
        Type.BOOLEAN,
        false,
        Importance.LOW,
        "Record new DDL events as approved (with ddl.gate, the flow then waits only for apply).",
        GROUP_DDL,
        ++order,
        Width.SHORT,
        "Auto-approve");
    def.define(
        DDL_AUTO_APPLY,
        Type.BOOLEAN,
        false,
        Importance.LOW,
        "Apply an approved DDL event without waiting for ddl apply.",
        GROUP_DDL,
        ++order,
        Width.SHORT,
        "Auto-apply");
    def.define(
        DDL_CATALOG_ENABLED,
        Type.BOOLEAN,
        false,
        Importance.LOW,
        "Also compare the captured tables of ddl.catalog.schemas with the catalog every"
            + " ddl.catalog.interval.ms, so a change to a table without traffic is seen before its"
            + " next row (the check at start runs anyway).",
        GROUP_DDL,
        ++order,
        Width.SHORT,
        "Catalog check");
    def.define(
        DDL_CATALOG_INTERVAL_MS,
        Type.LONG,
        30_000L,
        Range.between(1_000, 86_400_000),
        Importance.LOW,
        "How often the catalog check runs when ddl.catalog.enabled is true.",
        GROUP_DDL,
        ++order,
        Width.SHORT,
        "Catalog check interval");
    def.define(
        DDL_CATALOG_SCHEMAS,
        Type.LIST,
        "public",
        Importance.LOW,
        "The schemas whose captured tables the periodic catalog check compares.",
        GROUP_DDL,
        ++order,
        Width.MEDIUM,
        "Catalog check schemas");
    def.define(
        DDL_POLL_INTERVAL_MS,
        Type.LONG,
        1_000L,
        Range.between(100, 60_000),
        Importance.LOW,
        "How often a task held by the gate reads its DDL event's status.",
        GROUP_DDL,
        ++order,
        Width.SHORT,
        "Gate poll interval");
    def.define(
        DDL_DESTINATIONS,
        Type.LIST,
        "",
        Importance.LOW,
        "The flow's destinations as type:name (s3:lake,kafka:bus; set by the control plane), for"
            + " the per-destination plan of each DDL event.",
        GROUP_DDL,
        ++order,
        Width.MEDIUM,
        "Destinations");
  }

  private void checkDdl() {
    if (getPassword(DDL_STORE_DSN) != null) {
      return;
    }
    for (String key : List.of(DDL_GATE, DDL_AUTO_APPROVE, DDL_AUTO_APPLY, DDL_CATALOG_ENABLED)) {
      if (getBoolean(key)) {
        throw new ConfigException(
            key,
            "true",
            key
                + " needs "
                + DDL_STORE_DSN
                + ", the DuctStream store where DDL events are kept; set it or turn "
                + key
                + " off");
      }
    }
  }

  /** The DuctStream store of schema versions and DDL events, if set. */
  public java.util.Optional<PostgresDsn> ddlStore() {
    org.apache.kafka.common.config.types.Password dsn = getPassword(DDL_STORE_DSN);
    return dsn == null || dsn.value().isBlank()
        ? java.util.Optional.empty()
        : java.util.Optional.of(PostgresDsn.parse(dsn.value()));
  }

  /** The id DDL rows are kept under: ddl.flow.id, else flow.name, else slot.name. */
  public String ddlFlowId() {
    String id = getString(DDL_FLOW_ID).trim();
    if (id.isEmpty()) {
      id = flowName().trim();
    }
    return id.isEmpty() ? slotName() : id;
  }

  public boolean ddlGate() {
    return getBoolean(DDL_GATE);
  }

  public boolean ddlAutoApprove() {
    return getBoolean(DDL_AUTO_APPROVE);
  }

  public boolean ddlAutoApply() {
    return getBoolean(DDL_AUTO_APPLY);
  }

  public boolean ddlCatalogEnabled() {
    return getBoolean(DDL_CATALOG_ENABLED);
  }

  public java.time.Duration ddlCatalogInterval() {
    return java.time.Duration.ofMillis(getLong(DDL_CATALOG_INTERVAL_MS));
  }

  public List<String> ddlCatalogSchemas() {
    return getList(DDL_CATALOG_SCHEMAS);
  }

  public java.time.Duration ddlPollInterval() {
    return java.time.Duration.ofMillis(getLong(DDL_POLL_INTERVAL_MS));
  }

  public List<String> ddlDestinations() {
    return getList(DDL_DESTINATIONS);
  }

  private void checkConnection() {
    if (getPassword(DATABASE_DSN) == null && getString(DATABASE_HOSTNAME) == null) {
      throw new ConfigException(
          DATABASE_DSN,
          null,
          "set database.dsn (postgres://user:pass@host:5432/db) or database.hostname,"
              + " database.dbname and database.user");
    }
    dsn();
  }

  /** The connection, from database.dsn or the separate keys, with sslmode applied. */
  /**
   * Problems between the connection keys, by the key to blame: a {@code database.dsn} that is no
   * Postgres URL, connection keys set beside it (the URL would win and they would be ignored), and
   * without it a missing database or user. What {@link #dsn()} would refuse at start, found by
   * {@code validate}; a config provider reference is left to the worker that resolves it.
   */
  public static Map<String, String> connectionProblems(Map<String, String> props) {
    Map<String, String> problems = new LinkedHashMap<>();
    String url = props.getOrDefault(DATABASE_DSN, "").trim();
    if (!url.isEmpty()) {
      if (!url.contains("${")) {
        try {
          PostgresDsn.parse(url);
        } catch (IllegalArgumentException e) {
          problems.put(DATABASE_DSN, "is not a Postgres URL: " + e.getMessage());
        }
      }
      for (String key :
          new String[] {
            DATABASE_HOSTNAME, DATABASE_PORT, DATABASE_DBNAME, DATABASE_USER, DATABASE_PASSWORD
          }) {
        if (!props.getOrDefault(key, "").isBlank()) {
          problems.put(
              key,
              "is set together with "
                  + DATABASE_DSN
                  + ", which would win; give the connection in "
                  + DATABASE_DSN
                  + " alone or in the database.* keys alone");
        }
      }
    } else {
      for (String key : new String[] {DATABASE_DBNAME, DATABASE_USER}) {
        if (props.getOrDefault(key, "").isBlank()) {
          problems.put(key, "is required when " + DATABASE_DSN + " is not set");
        }
      }
    }
    return problems;
  }

  public PostgresDsn dsn() {
    Password url = getPassword(DATABASE_DSN);
    PostgresDsn dsn;
    if (url != null) {
      try {
        dsn = PostgresDsn.parse(url.value());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            DATABASE_DSN, "[hidden]", "is not a Postgres URL: " + e.getMessage());
      }
    } else {
      Password password = getPassword(DATABASE_PASSWORD);
      dsn =
          new PostgresDsn(
              getString(DATABASE_HOSTNAME),
              getInt(DATABASE_PORT),
              require(DATABASE_DBNAME),
              require(DATABASE_USER),
              password == null ? "" : password.value(),
              Map.of());
    }
    String sslmode = getString(DATABASE_SSLMODE);
    return sslmode.isEmpty() ? dsn : dsn.withParameter("sslmode", sslmode);
  }

  private String require(String key) {
    String value = getString(key);
    if (value == null || value.isBlank()) {
      throw new ConfigException(key, value, "is required when database.dsn is not set");
    }
    return value;
  }

  public String slotName() {
    return getString(SLOT_NAME);
  }

  public boolean slotCreate() {
    return getBoolean(SLOT_CREATE);
  }

  public String publicationName() {
    return getString(PUBLICATION_NAME);
  }

  public boolean publicationCreate() {
    return getBoolean(PUBLICATION_CREATE);
  }

  /** The entries of table.include.list, each a table name for {@link TableId#parse}. */
  public List<String> tableIncludeList() {
    return TableId.splitList(getString(TABLE_INCLUDE_LIST));
  }

  /** The entries of table.exclude.list, each a table name for {@link TableId#parse}. */
  public List<String> tableExcludeList() {
    return TableId.splitList(getString(TABLE_EXCLUDE_LIST));
  }

  public String startLsn() {
    return getString(START_LSN);
  }

  public Duration heartbeatInterval() {
    return Duration.ofMillis(getLong(HEARTBEAT_INTERVAL_MS));
  }

  public boolean heartbeatEmitMessage() {
    return getBoolean(HEARTBEAT_EMIT_MESSAGE);
  }

  public Duration connectionRetryTimeout() {
    return Duration.ofMillis(getLong(CONNECTION_RETRY_TIMEOUT_MS));
  }

  public boolean pgoutputBinary() {
    return getBoolean(PGOUTPUT_BINARY);
  }

  public Duration slotActiveWait() {
    return Duration.ofMillis(getLong(SLOT_ACTIVE_WAIT_MS));
  }

  public String topicPrefix() {
    return getString(TOPIC_PREFIX);
  }

  public TopicRouting topicRouting() {
    return TopicRouting.of(getString(TOPIC_ROUTING));
  }

  /** Where the changes of each table go (topic.prefix and topic.routing). */
  public TopicNames topicNames() {
    return new TopicNames(topicPrefix(), topicRouting());
  }

  public String flowName() {
    return getString(FLOW_NAME);
  }

  public String toastPlaceholder() {
    return getString(TOAST_UNCHANGED_PLACEHOLDER);
  }

  /** True when numeric(p,s) columns are Connect Decimals (numeric.mode=decimal). */
  public boolean numericAsDecimal() {
    return "decimal".equals(getString(NUMERIC_MODE));
  }

  /** The signal table as {@code schema.table}, or empty when signals are off. */
  public String signalTable() {
    String table = getString(SIGNAL_TABLE).trim();
    return table.isEmpty() ? table : TableId.parse(table).toString();
  }

  /** The tables table.include.list and table.exclude.list let through. */
  public TableFilter tableFilter() {
    return TableFilter.of(tableIncludeList(), tableExcludeList());
  }

  public int backfillChunkRows() {
    return getInt(BACKFILL_CHUNK_ROWS);
  }

  public int maxBatchSize() {
    return getInt(MAX_BATCH_SIZE);
  }

  public long maxQueueBytes() {
    return getLong(MAX_QUEUE_BYTES);
  }

  public long spoolMaxBytes() {
    return getLong(SPOOL_MAX_BYTES);
  }

  public SnapshotMode snapshotMode() {
    return SnapshotMode.of(getString(SNAPSHOT_MODE));
  }

  public int snapshotChunkRows() {
    return getInt(SNAPSHOT_CHUNK_ROWS);
  }

  public int snapshotMaxThreads() {
    return getInt(SNAPSHOT_MAX_THREADS);
  }

  public Duration pollInterval() {
    return Duration.ofMillis(getLong(POLL_INTERVAL_MS));
  }
}
