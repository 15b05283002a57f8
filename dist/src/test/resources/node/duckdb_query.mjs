// Runs one SQL text with DuckDB, as its CLI would, and prints each row of the last statement's result
// as one JSON object (DuckDB's own conversion of its values to JSON).
import { DuckDBInstance } from '@duckdb/node-api';

const sql = process.argv[2];
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
await c.run("SET TimeZone = 'UTC'");
const result = await c.runAndReadAll(sql);
for (const row of result.getRowObjectsJson()) {
  console.log(JSON.stringify(row));
}
