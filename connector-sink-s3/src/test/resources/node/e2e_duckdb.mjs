// Reads flat Parquet change rows with DuckDB (independent of parquet-java) and prints one JSON
// object per row: the metadata columns and each table column in a canonical text form chosen by
// the column's kind (argv[3], JSON {column: kind}), the same form the test asks Postgres for.
import { DuckDBInstance } from '@duckdb/node-api';

const glob = process.argv[2];
const kinds = JSON.parse(process.argv[3]);
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
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
await c.run("SET TimeZone = 'UTC'");
const described = await c.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${glob}')`);
const types = Object.fromEntries(described.getRowObjects().map((r) => [r.column_name, r.column_type]));
const select = [
  '__op',
  '__lsn::VARCHAR AS __lsn',
  'to_json(__overflow)::VARCHAR AS __overflow',
  'to_json(__unchanged)::VARCHAR AS __unchanged',
  ...Object.entries(kinds).map(([name, kind]) => `${canonical(name, kind)} AS ${q(name)}`),
].join(', ');
const rows = await c.runAndReadAll(
  `SELECT ${select} FROM read_parquet('${glob}') ORDER BY __lsn, "id"`,
);
console.log(JSON.stringify({ types }));
for (const row of rows.getRowObjects()) {
  console.log(JSON.stringify(row));
}
