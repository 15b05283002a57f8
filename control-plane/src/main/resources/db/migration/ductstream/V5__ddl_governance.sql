-- DDL governance (detection in the source connector, the gate, apply). The source connector writes these rows
-- (it connects to this store through its ddl.store.dsn setting); the control plane reads them and records the
-- operator's decisions.

-- Each event introduces one schema version of one table of one flow: schema_versions (flow_id, namespace, name,
-- table_version). lsn is the commit LSN of the transaction holding the first change with the new shape and
-- tx_event the number of change messages before it in that transaction (both null for a change the catalog check
-- found and the stream has not reached yet). ddl holds the statement when the capture trigger sent it, else the
-- readable diff; diff always holds the readable diff (one change per line).
ALTER TABLE ddl_events
    ADD COLUMN table_version integer,
    ADD COLUMN tx_event      bigint,
    ADD COLUMN old_shape     jsonb,
    ADD COLUMN new_shape     jsonb,
    ADD COLUMN diff          text        NOT NULL DEFAULT '',
    ADD COLUMN detected_by   text        NOT NULL DEFAULT 'relation'
                                         CHECK (detected_by IN ('relation', 'catalog')),
    ADD COLUMN reason        text        NOT NULL DEFAULT '',
    ADD COLUMN approved_at   timestamptz,
    ADD COLUMN approved_by   text,
    ADD COLUMN rejected_at   timestamptz,
    ADD COLUMN rejected_by   text,
    ADD COLUMN applied_by    text;
CREATE UNIQUE INDEX ddl_events_version_idx ON ddl_events (flow_id, namespace, name, table_version)
    WHERE table_version IS NOT NULL;

-- Where each version starts in the stream: (since_lsn, since_event) as above; version 1 (the shape first seen)
-- starts at 0/0 and is in force from the beginning; null while a catalog-found version has not been reached.
-- The version in force at a stream position is the one with the greatest start at or before it.
ALTER TABLE schema_versions
    ADD COLUMN since_lsn    pg_lsn,
    ADD COLUMN since_event  bigint,
    ADD COLUMN ddl_event_id bigint;
