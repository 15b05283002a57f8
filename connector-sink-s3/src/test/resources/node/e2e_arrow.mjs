// Reads flat Arrow IPC change files with the apache-arrow JS library (independent of Arrow Java)
// and prints one JSON object per row: the metadata columns and each table column in the canonical
// text form of its kind (argv[3], JSON {column: kind}), as e2e_duckdb.mjs does. Values are read
// from the columns' raw buffers (the JS accessors turn dates and times into milliseconds).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC, makeVector, Type } from 'apache-arrow';

const dir = process.argv[2];
const kinds = JSON.parse(process.argv[3]);
const LONG_MAX = 9223372036854775807n;
const LONG_MIN_PLUS_1 = -9223372036854775807n;
const INT_MAX = 2147483647;
const INT_MIN_PLUS_1 = -2147483647;

const hex = (bytes) => Buffer.from(bytes).toString('hex');
const uuid = (bytes) => {
  const h = hex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};
const days = (d) => (d === INT_MAX ? 'infinity' : d === INT_MIN_PLUS_1 ? '-infinity' : null);
const isoDate = (d) => days(d) ?? new Date(d * 86400000).toISOString().slice(0, 10);

/** A decimal's unscaled two's-complement little-endian 32-bit words as exact text. */
const decimal = (words, scale) => {
  let v = 0n;
  for (let k = words.length - 1; k >= 0; k--) v = (v << 32n) | BigInt(words[k] >>> 0);
  const bits = BigInt(words.length * 32);
  if (v >> (bits - 1n)) v -= 1n << bits;
  const negative = v < 0n;
  let digits = (negative ? -v : v).toString().padStart(scale + 1, '0');
  if (scale > 0) digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return (negative ? '-' : '') + digits;
};

/** One value of `data` (an Arrow Data) at `i`, in the form to_json gives in Postgres. */
const element = (vector, data, i) => {
  if (!vector.isValid(i)) return null;
  const type = data.type;
  switch (type.typeId) {
    case Type.Int:
      return type.bitWidth === 64 ? data.values[i].toString() : data.values[i];
    case Type.Float:
      return data.values[i];
    case Type.Bool:
      return vector.get(i);
    case Type.Utf8:
      return vector.get(i);
    case Type.Date:
      return isoDate(data.values[i]);
    case Type.Decimal:
      return decimal(data.values.subarray(i * (type.bitWidth / 32), (i + 1) * (type.bitWidth / 32)), type.scale);
    case Type.FixedSizeBinary:
      return uuid(data.values.subarray(i * 16, (i + 1) * 16));
    case Type.List: {
      const child = data.children[0];
      const childVector = makeVector(child);
      const out = [];
      for (let j = data.valueOffsets[i]; j < data.valueOffsets[i + 1]; j++) {
        out.push(element(childVector, child, j));
      }
      return out;
    }
    default:
      throw new Error(`no element form for ${type}`);
  }
};

/** The canonical text of a top-level cell of kind `kind`. */
const canonical = (vector, data, i, kind) => {
  if (!vector.isValid(i)) return null;
  const type = data.type;
  switch (kind) {
    case 'float4':
    case 'float8': {
      const v = data.values[i];
      return Object.is(v, -0) ? '-0' : String(v);
    }
    case 'bytes':
      return hex(vector.get(i));
    case 'date':
      return days(data.values[i]) ?? String(data.values[i]);
    case 'time':
      return data.values[i].toString();
    case 'timestamp': {
      const v = data.values[i];
      return v === LONG_MAX ? 'infinity' : v === LONG_MIN_PLUS_1 ? '-infinity' : v.toString();
    }
    case 'interval': {
      const row = vector.get(i).toJSON();
      return `{'months': ${row.months}, 'days': ${row.days}, 'micros': ${row.micros}}`;
    }
    case 'array':
      return JSON.stringify(element(vector, data, i));
    default: {
      const v = element(vector, data, i);
      return v === null ? null : String(v);
    }
  }
};

const replacer = (k, v) => (typeof v === 'bigint' ? v.toString() : v);
for (const file of readdirSync(dir).filter((f) => f.endsWith('.arrow')).sort()) {
  const table = tableFromIPC(readFileSync(join(dir, file)));
  for (const batch of table.batches) {
    const columns = {};
    const metadata = ['__op', '__lsn', '__key', '__before_json', '__overflow', '__unchanged'];
    for (const name of [...metadata, ...Object.keys(kinds)]) {
      const vector = batch.getChild(name);
      columns[name] = { vector, data: vector.data[0] };
    }
    for (let i = 0; i < batch.numRows; i++) {
      const { vector: overflow } = columns.__overflow;
      const { vector: unchanged } = columns.__unchanged;
      const row = {
        __op: columns.__op.vector.get(i),
        __lsn: columns.__lsn.data.values[i].toString(),
        __key: columns.__key.vector.get(i),
        __before_json: columns.__before_json.vector.get(i),
        __overflow: overflow.isValid(i) ? JSON.stringify(overflow.get(i).toJSON(), replacer) : null,
        __unchanged: unchanged.isValid(i) ? JSON.stringify([...unchanged.get(i)]) : null,
      };
      for (const [name, kind] of Object.entries(kinds)) {
        const { vector, data } = columns[name];
        row[name] = canonical(vector, data, i, kind);
      }
      console.log(JSON.stringify(row, replacer));
    }
  }
}
