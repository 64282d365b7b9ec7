// arrow-rs (parquet-wasm) as a Parquet peer for Sluice's tests.
//   rewrite <in> <out> <codec> <dictionary:true|false> <writerVersion:V1|V2> <maxRowGroupRows>
// Reads <in> with arrow-rs into Arrow and writes it back out with arrow-rs's writer and the given settings.
import { readFileSync, writeFileSync } from 'node:fs';
import * as wasm from 'parquet-wasm';

const [command, input, output, codec, dictionary, version, maxRows] = process.argv.slice(2);
if (command !== 'rewrite') {
  console.error('usage: parquet-wasm.mjs rewrite <in> <out> <UNCOMPRESSED|SNAPPY|GZIP> <true|false> <V1|V2> <maxRowGroupRows>');
  process.exit(2);
}

const table = wasm.readParquet(new Uint8Array(readFileSync(input)));
const properties = new wasm.WriterPropertiesBuilder()
  .setCompression(wasm.Compression[codec])
  .setDictionaryEnabled(dictionary === 'true')
  .setWriterVersion(wasm.WriterVersion[version])
  .setMaxRowGroupSize(Number(maxRows))
  .setCreatedBy('parquet-wasm (arrow-rs)')
  .build();
writeFileSync(output, wasm.writeParquet(table, properties));
