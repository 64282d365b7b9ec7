// Trains a byte-level BPE with Hugging Face tokenizers (npm, native Rust binding) on text files.
// The npm binding trains with BpeTrainer's defaults (vocabulary 30,000, minimum frequency 0, no special tokens);
// it reads each file line by line, every line (with its newline) a separate sequence.
// Usage: node hf-train.mjs <output tokenizer.json> <file>...
// stdout: JSON {"seconds", "vocabSize", "merges": [[left, right], ...] as byte-level strings}
import tokenizers from "tokenizers";

const [output, ...files] = process.argv.slice(2);
const tokenizer = new tokenizers.Tokenizer(tokenizers.BPE.empty());
tokenizer.setPreTokenizer(tokenizers.byteLevelPreTokenizer(false, true));
const start = process.hrtime.bigint();
tokenizer.train(files);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
tokenizer.save(output);
const { readFileSync } = await import("node:fs");
const saved = JSON.parse(readFileSync(output, "utf8"));
const merges = saved.model.merges.map((m) => (Array.isArray(m) ? m : m.split(" ")));
process.stdout.write(JSON.stringify({ seconds, vocabSize: tokenizer.getVocabSize(), merges }));
