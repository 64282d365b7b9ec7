// hyparquet (pure JavaScript) as a third, independent Parquet reader for Sluice's tests.
//   read <file> -> JSON {columns:[{name, physical, logical, repetition}], rows:[[string|null|[string]]]}
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';

const [command, file] = process.argv.slice(2);
if (command !== 'read') {
  console.error('usage: parquet-hyparquet.mjs read <file>');
  process.exit(2);
}

const bytes = readFileSync(file);
const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
const metadata = parquetMetadata(buffer);

// Top-level columns: walk the flattened schema tree, describing each top-level field by its leaf.
const schema = metadata.schema;
const columns = [];
let position = 1;
function skipSubtree() {
  const element = schema[position++];
  let leaf = element;
  for (let c = 0; c < (element.num_children ?? 0); c++) leaf = skipSubtree();
  return leaf;
}
for (let c = 0; c < schema[0].num_children; c++) {
  const top = schema[position];
  const leaf = skipSubtree();
  columns.push({
    name: top.name,
    repetition: top.repetition_type,
    logical: top.logical_type?.type ?? top.converted_type ?? null,
    physical: leaf.type,
    leafLogical: leaf.logical_type ?? null,
  });
}

function normalise(v) {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map(normalise);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  return String(v);
}

const rows = await parquetReadObjects({
  file: buffer,
  utf8: false,
  compressors: { GZIP: (input) => new Uint8Array(gunzipSync(input)) },
  parsers: {
    timestampFromMilliseconds: (ms) => (BigInt(ms) * 1000n).toString(),
    timestampFromMicroseconds: (us) => BigInt(us).toString(),
    timestampFromNanoseconds: (ns) => (BigInt(ns) / 1000n).toString(),
  },
});
const out = rows.map((row) => columns.map((c) => normalise(row[c.name])));
process.stdout.write(JSON.stringify({ columns, rows: out }, (_, v) => (typeof v === 'bigint' ? v.toString() : v)));
