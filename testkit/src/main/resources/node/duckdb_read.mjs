// Reads a Parquet file with DuckDB (an implementation independent of parquet-java) and prints one
// JSON object per row: every column cast to VARCHAR by DuckDB, plus its DuckDB type.
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
await c.run("SET TimeZone = 'UTC'");
const described = await c.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`);
const columns = described.getRowObjects().map((r) => [r.column_name, r.column_type]);
const select = columns.map(([name]) => `"${name}"::VARCHAR AS "${name}"`).join(', ');
const rows = await c.runAndReadAll(`SELECT ${select} FROM read_parquet('${file}')`);
console.log(JSON.stringify({ types: Object.fromEntries(columns) }));
for (const row of rows.getRowObjects()) {
  console.log(JSON.stringify(row));
}
