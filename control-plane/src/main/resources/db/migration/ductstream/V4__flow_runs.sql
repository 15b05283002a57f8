-- Runs of a flow started through DBOS (DUCTSTREAM_DBOS_ENABLED): one row per run, keyed by its DBOS workflow id,
-- written when the run starts and when it ends. A run the server died in stays 'running' until DBOS resumes it
-- at the next start and it ends; attempts counts its attempts at running the flow. Deleting a flow drops its runs.
CREATE TABLE flow_runs (
    id             text        PRIMARY KEY,
    flow_id        text        NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
    trigger        text        NOT NULL CHECK (trigger IN ('schedule', 'run_once')),
    -- succeeded: caught up; stopped: paused, deleted or shut down first; skipped: another process holds the flow's
    -- lease; ddl_gated: held by the DDL gate (awaiting approval), not a failure.
    status         text        NOT NULL DEFAULT 'running'
                               CHECK (status IN ('running', 'succeeded', 'stopped', 'failed', 'skipped', 'ddl_gated')),
    rows           bigint      NOT NULL DEFAULT 0,
    checkpoint_lsn pg_lsn,
    error          text        NOT NULL DEFAULT '',
    attempts       integer     NOT NULL DEFAULT 0,
    started_at     timestamptz NOT NULL DEFAULT now(),
    finished_at    timestamptz
);
CREATE INDEX flow_runs_flow_idx ON flow_runs (flow_id, started_at DESC, id);
