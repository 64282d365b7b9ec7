// DuckDB as a Parquet peer for Sluice's tests and benchmark.
//   read <file>                          -> JSON {columns:[{name,type}], rows:[[string|null|[string]]]} (values normalised to strings)
//   write <file> <codec> <rows> <rowGroupSize> <v1|v2>  -> writes generated rows of every Sluice type
//   metadata <file>                      -> JSON {chunks:[{row_group, path_in_schema, stats_min_value, ...}], keyValues:[{key, value}]}
//   bench <source.parquet> <iterations> <outDir> -> JSON {writeMs:[...], readMs:[...], bytes} single-threaded, snappy
import { DuckDBInstance } from '@duckdb/node-api';

const [command, ...args] = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
const connection = await instance.connect();
const quote = (s) => "'" + s.replaceAll("'", "''") + "'";
const ident = (s) => '"' + s.replaceAll('"', '""') + '"';

async function describe(file) {
  const reader = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${quote(file)})`);
  return reader.getRowObjectsJS().map((r) => ({ name: r.column_name, type: r.column_type }));
}

function normaliser(column) {
  const c = ident(column.name);
  const t = column.type;
  if (t === 'BLOB') return `lower(hex(${c}))`;
  if (t.startsWith('TIMESTAMP')) return `epoch_us(${c})::VARCHAR`;
  if (t.endsWith('[]')) return `list_transform(${c}, x -> x::VARCHAR)`;
  return `${c}::VARCHAR`;
}

function jsValue(v) {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map(jsValue);
  return String(v);
}

if (command === 'read') {
  const file = args[0];
  const columns = await describe(file);
  const select = columns.map((c) => `${normaliser(c)} AS ${ident(c.name)}`).join(', ');
  const reader = await connection.runAndReadAll(`SELECT ${select} FROM read_parquet(${quote(file)})`);
  const rows = reader.getRowsJS().map((row) => row.map(jsValue));
  process.stdout.write(JSON.stringify({ columns, rows }));
} else if (command === 'metadata') {
  // Column chunk statistics and encodings as DuckDB reads them, plus the footer's key-value metadata.
  const file = quote(args[0]);
  const chunks = await connection.runAndReadAll(`SELECT row_group_id::VARCHAR AS row_group, path_in_schema, stats_min_value, stats_max_value,
      stats_null_count::VARCHAR AS null_count, encodings, compression FROM parquet_metadata(${file}) ORDER BY row_group_id, column_id`);
  const kv = await connection.runAndReadAll(`SELECT decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata(${file})`);
  process.stdout.write(JSON.stringify({ chunks: chunks.getRowObjectsJS(), keyValues: kv.getRowObjectsJS() }));
} else if (command === 'write') {
  const [file, codec, rows, rowGroupSize, version] = args;
  await connection.run(`CREATE TABLE t AS SELECT
      CASE WHEN i % 5 = 1 THEN NULL ELSE 'row ' || i || ' ' || repeat('é🚀', (i % 7)::INTEGER) END AS s,
      'category ' || (i % 10) AS cat,
      CASE WHEN i % 6 = 2 THEN NULL ELSE ('blob' || i)::BLOB END AS b,
      CASE WHEN i % 7 = 3 THEN NULL ELSE (i * 7919 - 1000000)::INTEGER END AS i32,
      (i * 1000003 - 5000000000)::BIGINT AS i64,
      (i / 3.0)::FLOAT AS f,
      CASE WHEN i % 9 = 4 THEN NULL ELSE (i * 1.5 - 100)::DOUBLE END AS d,
      i % 3 = 0 AS flag,
      epoch_ms(1600000000000 + i * 1234567)::TIMESTAMP_MS AS ts_ms,
      make_timestamp(1600000000000000 + i * 1234567891) AS ts_us,
      CASE WHEN i % 4 = 0 THEN NULL WHEN i % 4 = 1 THEN []::INTEGER[] ELSE [i, i + 1, i * 2]::INTEGER[] END AS l32,
      [i * 1000000007, -i]::BIGINT[] AS l64
    FROM range(${Number(rows)}) r(i)`);
  await connection.run(`COPY t TO ${quote(file)} (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE ${Number(rowGroupSize)}, PARQUET_VERSION ${version})`);
} else if (command === 'bench') {
  const [source, iterations, outDir] = args;
  await connection.run(`CREATE TABLE docs AS SELECT * FROM read_parquet(${quote(source)})`);
  const writeMs = [];
  const readMs = [];
  const out = `${outDir}/duckdb.parquet`;
  for (let i = 0; i < Number(iterations); i++) {
    let start = performance.now();
    await connection.run(`COPY docs TO ${quote(out)} (FORMAT parquet, COMPRESSION snappy)`);
    writeMs.push(performance.now() - start);
    start = performance.now();
    await connection.run(`CREATE OR REPLACE TABLE back AS SELECT * FROM read_parquet(${quote(out)})`);
    readMs.push(performance.now() - start);
  }
  const check = await connection.runAndReadAll(`SELECT count(*)::VARCHAR AS n, sum(strlen(text))::VARCHAR AS bytes FROM back`);
  const [n, bytes] = check.getRows()[0];
  process.stdout.write(JSON.stringify({ writeMs, readMs, rows: n, textBytes: bytes }));
} else {
  console.error('usage: parquet-duckdb.mjs read <file> | write <file> <codec> <rows> <rowGroupSize> <v1|v2> | bench <source> <iterations> <outDir>');
  process.exit(2);
}
