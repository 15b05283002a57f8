// Reads Parquet change rows with DuckDB (independent of parquet-java) and prints one JSON object
// per row: the metadata columns and each table column in a canonical text form chosen by the
// column's kind (argv[3], JSON {column: kind}), the same form the test asks Postgres for. With
// argv[4] = envelope the files hold change records as they are (op, before, after, source,
// unchanged, overflow): one row per image, the after image (a delete's before image) under its op,
// an update's before image under op 'ub'.
import { DuckDBInstance } from '@duckdb/node-api';

const glob = process.argv[2];
const kinds = JSON.parse(process.argv[3]);
const layout = process.argv[4] ?? 'flat';
const q = (name) => `"${name.replaceAll('"', '""')}"`;
const canonical = (name, kind) => {
  const c = q(name);
  switch (kind) {
    case 'bytes':
      return `lower(hex(${c}))`;
    case 'date':
      return `CASE WHEN isfinite(${c}) THEN (${c} - DATE '1970-01-01')::VARCHAR ELSE ${c}::VARCHAR END`;
    case 'time':
      return `epoch_us(DATE '1970-01-01' + ${c})::VARCHAR`;
    case 'timestamp':
      return `CASE WHEN isfinite(${c}) THEN epoch_us(${c})::VARCHAR ELSE ${c}::VARCHAR END`;
    case 'array':
      return `to_json(${c})::VARCHAR`;
    default:
      return `${c}::VARCHAR`;
  }
};
const files = `read_parquet('${glob}')`;
const from =
  layout === 'envelope'
    ? `(SELECT op AS __op, source.lsn AS __lsn, NULL::VARCHAR AS __key,
          NULL::VARCHAR AS __before_json, overflow.after AS __overflow,
          unchanged AS __unchanged, unnest(after) FROM ${files} WHERE after IS NOT NULL
        UNION ALL BY NAME
        SELECT CASE op WHEN 'd' THEN 'd' ELSE op || 'b' END AS __op, source.lsn AS __lsn,
          NULL::VARCHAR AS __key, NULL::VARCHAR AS __before_json,
          overflow.before AS __overflow, NULL::VARCHAR[] AS __unchanged,
          unnest(before) FROM ${files} WHERE before IS NOT NULL AND op IN ('u', 'd'))`
    : files;
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
await c.run("SET TimeZone = 'UTC'");
const described = await c.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`);
const types = Object.fromEntries(described.getRowObjects().map((r) => [r.column_name, r.column_type]));
const select = [
  '__op',
  '__lsn::VARCHAR AS __lsn',
  '__key',
  '__before_json',
  'to_json(__overflow)::VARCHAR AS __overflow',
  'to_json(__unchanged)::VARCHAR AS __unchanged',
  ...Object.entries(kinds).map(([name, kind]) => `${canonical(name, kind)} AS ${q(name)}`),
].join(', ');
const rows = await c.runAndReadAll(
  `SELECT ${select} FROM ${from} ORDER BY __lsn, "id", __op`,
);
console.log(JSON.stringify({ types }));
for (const row of rows.getRowObjects()) {
  console.log(JSON.stringify(row));
}
