// Encodes texts with a Hugging Face tokenizer.json (npm tokenizers, native Rust binding), without added special tokens.
// Usage: node hf-encode.mjs <tokenizer.json>
// stdin: a JSON array of strings. stdout: a JSON array of token id arrays, one per string.
import { readFileSync } from "node:fs";
import tokenizers from "tokenizers";

const tokenizer = tokenizers.Tokenizer.fromFile(process.argv[2]);
const texts = JSON.parse(readFileSync(0, "utf8"));
const out = [];
for (const text of texts) {
  const encoding = await tokenizer.encode(text, null, { addSpecialTokens: false });
  out.push(encoding.getIds());
}
process.stdout.write(JSON.stringify(out));
