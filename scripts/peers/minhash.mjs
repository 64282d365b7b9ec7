// Peer for the dedupe benchmark: the npm `minhash` package (MinHash + LshIndex in JavaScript).
// Usage: node minhash.mjs <signatures|dedupe> <documents.json> <numPerm> <shingleSize> <bandSize> <passes>
// documents.json is a JSON array of strings. Prints one JSON line: input bytes, per-pass wall and CPU seconds, and counts.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Minhash, LshIndex } = require('minhash');

const [mode, file, numPermArg, shingleArg, bandArg, passesArg] = process.argv.slice(2);
const documents = JSON.parse(readFileSync(file, 'utf8'));
const numPerm = Number(numPermArg);
const shingleSize = Number(shingleArg);
const bandSize = Number(bandArg);
const passes = Number(passesArg);
const bytes = documents.reduce((sum, d) => sum + Buffer.byteLength(d, 'utf8'), 0);

function shingles(text) {
  const words = text.toLowerCase().replace(/[^\p{L}\p{N}\s]+/gu, '').replace(/\p{N}/gu, '0').split(/\s+/).filter(w => w.length > 0);
  if (words.length === 0) return [];
  const width = Math.min(shingleSize, words.length);
  const out = [];
  for (let i = 0; i + width <= words.length; i++) out.push(words.slice(i, i + width).join(' '));
  return out;
}

function signature(text) {
  const m = new Minhash({ numPerm });
  for (const s of shingles(text)) m.update(s);
  return m;
}

const seconds = [];
const cpuSeconds = [];
let duplicates = 0;
for (let pass = 0; pass < passes; pass++) {
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  if (mode === 'signatures') {
    for (const d of documents) signature(d);
  } else if (mode === 'dedupe') {
    const index = new LshIndex({ bandSize });
    duplicates = 0;
    documents.forEach((d, i) => {
      const m = signature(d);
      index.insert(i, m);
      if (index.query(m).some(k => k !== String(i))) duplicates++;
    });
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
  const cpu = process.cpuUsage(cpuStart);
  cpuSeconds.push((cpu.user + cpu.system) / 1e6);
}

console.log(JSON.stringify({ bytes, documents: documents.length, seconds, cpuSeconds, duplicates }));
