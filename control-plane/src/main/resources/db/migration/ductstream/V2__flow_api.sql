-- The flow API (issue 8): a flow can wait for DDL approval, names are unique (they name the flow's Kafka Connect
-- connectors), and a flow without a wire_format follows the server's DUCTSTREAM_WIRE_FORMAT (NULL).

ALTER TABLE flows DROP CONSTRAINT flows_state_check;
ALTER TABLE flows ADD CONSTRAINT flows_state_check
    CHECK (state IN ('created', 'running', 'paused', 'stopping', 'failed', 'awaiting_ddl_approval'));

ALTER TABLE flows ALTER COLUMN wire_format DROP NOT NULL;
ALTER TABLE flows ALTER COLUMN wire_format DROP DEFAULT;

CREATE UNIQUE INDEX flows_name_key ON flows (name);
CREATE INDEX flows_created_idx ON flows (created_at, id);
