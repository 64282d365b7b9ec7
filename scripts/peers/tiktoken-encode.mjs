// Encodes texts with the npm tiktoken package (OpenAI's tiktoken compiled to WebAssembly).
// Usage: node tiktoken-encode.mjs <encoding name | path to a tokenizer JSON> [--allow-special]
// stdin: a JSON array of strings. stdout: a JSON array of token id arrays, one per string.
import { readFileSync } from "node:fs";
import { get_encoding, Tiktoken } from "tiktoken";

const [source, flag] = process.argv.slice(2);
const encoder = source.endsWith(".json")
  ? (() => { const f = JSON.parse(readFileSync(source, "utf8")); return new Tiktoken(f.bpe_ranks, f.special_tokens, f.pat_str); })()
  : get_encoding(source);
const texts = JSON.parse(readFileSync(0, "utf8"));
const out = texts.map((t) => Array.from(flag === "--allow-special" ? encoder.encode(t, "all") : encoder.encode_ordinary(t)));
process.stdout.write(JSON.stringify(out));
encoder.free();
