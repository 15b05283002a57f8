-- The control plane's store, in schema ductstream (Flyway creates it and runs this with search_path set to it).
-- Tables and columns follow the original DuctStream's storage; states and statuses are the lower-case
-- short names users see in flow files and in the admin CLI.

-- A flow: one Postgres source, its destinations, and where it is in its lifecycle.
CREATE TABLE flows (
    id           text        PRIMARY KEY,
    name         text        NOT NULL,
    source       jsonb       NOT NULL,
    destinations jsonb       NOT NULL DEFAULT '[]',
    state        text        NOT NULL DEFAULT 'created'
                             CHECK (state IN ('created', 'running', 'paused', 'stopping', 'failed')),
    wire_format  text        NOT NULL DEFAULT 'arrow'
                             CHECK (wire_format IN ('arrow', 'parquet', 'avro', 'proto', 'json')),
    parallelism  integer     NOT NULL DEFAULT 1 CHECK (parallelism >= 0),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Every state change of a flow, oldest first, with why it happened.
CREATE TABLE flow_state_events (
    id         bigserial   PRIMARY KEY,
    flow_id    text        NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
    from_state text,
    to_state   text        NOT NULL,
    reason     text        NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX flow_state_events_flow_idx ON flow_state_events (flow_id, id);

-- The LSN a flow resumes from, upserted as destinations confirm. Deleting a flow drops its checkpoint, so a
-- new flow with the same id starts afresh.
CREATE TABLE checkpoints (
    flow_id    text        PRIMARY KEY REFERENCES flows (id) ON DELETE CASCADE,
    lsn        pg_lsn      NOT NULL,
    metadata   jsonb       NOT NULL DEFAULT '{}',
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Schema changes seen on a source, and their approval: pending -> approved | rejected -> applied.
-- flow_id is not a foreign key: the DDL history outlives a deleted flow.
CREATE TABLE ddl_events (
    id         bigserial   PRIMARY KEY,
    flow_id    text,
    namespace  text        NOT NULL DEFAULT '',
    name       text        NOT NULL DEFAULT '',
    ddl        text        NOT NULL,
    plan_json  jsonb,
    lsn        pg_lsn,
    status     text        NOT NULL DEFAULT 'pending'
                           CHECK (status IN ('pending', 'approved', 'rejected', 'applied')),
    created_at timestamptz NOT NULL DEFAULT now(),
    applied_at timestamptz
);
CREATE INDEX ddl_events_status_idx ON ddl_events (status, id);
CREATE INDEX ddl_events_flow_idx ON ddl_events (flow_id, id);

-- Each shape a source table has had, numbered per table from 1; records carry the number as __schema_version.
-- Keyed by flow too: two flows may read different databases with equally named tables.
CREATE TABLE schema_versions (
    flow_id     text        NOT NULL DEFAULT '',
    namespace   text        NOT NULL,
    name        text        NOT NULL,
    version     integer     NOT NULL CHECK (version > 0),
    schema_json jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (flow_id, namespace, name, version)
);
