// Reads an Arrow IPC file with the apache-arrow JS library (independent of Arrow Java) and prints
// the schema, then one JSON object per row (64-bit integers as strings). Top-level timestamps are
// printed as their raw int64 (the JS accessor converts to milliseconds and refuses infinities),
// fixed-size binaries (uuid) as hex; a
// cell the JS accessor cannot render is {"error": ...}.
import { readFileSync } from 'node:fs';
import { tableFromIPC, Type } from 'apache-arrow';

const table = tableFromIPC(readFileSync(process.argv[2]));
const fields = table.schema.fields;
const types = Object.fromEntries(fields.map((f) => [f.name, String(f.type)]));
const extensions = Object.fromEntries(
  fields
    .filter((f) => f.metadata.has('ARROW:extension:name'))
    .map((f) => [f.name, f.metadata.get('ARROW:extension:name')]),
);
console.log(
  JSON.stringify({ types, extensions, rows: table.numRows, batches: table.batches.length }),
);
const replacer = (k, v) => (typeof v === 'bigint' ? v.toString() : v);
for (const batch of table.batches) {
  for (let i = 0; i < batch.numRows; i++) {
    const row = {};
    for (const f of fields) {
      const vector = batch.getChild(f.name);
      try {
        if (!vector.isValid(i)) {
          row[f.name] = null;
        } else if (f.type.typeId === Type.FixedSizeBinary) {
          row[f.name] = Buffer.from(vector.get(i)).toString('hex');
        } else if (f.type.typeId === Type.Timestamp) {
          row[f.name] = vector.data[0].values[i].toString();
        } else {
          const v = vector.get(i);
          row[f.name] = v !== null && typeof v === 'object' && 'toJSON' in v ? v.toJSON() : v;
        }
      } catch (e) {
        row[f.name] = { error: String(e.message) };
      }
    }
    console.log(JSON.stringify(row, replacer));
  }
}
