-- A Kafka destination's topic now receives every change of the flow (one topic, keyed by table and primary key),
-- as the original DuctStream meant it; per-table topics (<topic>.<schema>.<table>) became the explicit option
-- topic_per_table. Flows stored before wrote per-table topics: they keep doing so, so that their consumers, and
-- their S3 sinks' records not yet read, stay where they are.

UPDATE flows f
SET destinations = (
    SELECT jsonb_agg(
               CASE
                   WHEN d ->> 'type' = 'kafka' AND NOT coalesce(d -> 'options', '{}'::jsonb) ? 'topic_per_table'
                       THEN d || jsonb_build_object(
                           'options', coalesce(d -> 'options', '{}'::jsonb) || '{"topic_per_table": "true"}'::jsonb)
                   ELSE d
               END
               ORDER BY position)
    FROM jsonb_array_elements(f.destinations) WITH ORDINALITY AS e(d, position))
WHERE f.destinations @> '[{"type": "kafka"}]'::jsonb;
