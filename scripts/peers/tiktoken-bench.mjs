// Times tiktoken's (npm, WebAssembly) encode_ordinary on one file, single-threaded.
// Usage: node tiktoken-bench.mjs <encoding> <text file> <repeats>
// stdout: JSON {"encoding", "bytes", "tokens", "seconds", "cpuSeconds"}: the fastest of <repeats> runs after one
// warm-up run, by wall clock and by this process's CPU time (user + system), which other load on the machine inflates less.
import { readFileSync } from "node:fs";
import { get_encoding } from "tiktoken";

const [name, file, repeatsArg] = process.argv.slice(2);
const text = readFileSync(file, "utf8");
const encoder = get_encoding(name);
let tokens = encoder.encode_ordinary(text).length;
let best = Infinity;
let bestCpu = Infinity;
for (let i = 0; i < Number(repeatsArg ?? 3); i++) {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  tokens = encoder.encode_ordinary(text).length;
  best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  const used = process.cpuUsage(cpu);
  bestCpu = Math.min(bestCpu, (used.user + used.system) / 1e6);
}
process.stdout.write(JSON.stringify({ encoding: name, bytes: Buffer.byteLength(text, "utf8"), tokens, seconds: best, cpuSeconds: bestCpu }));
encoder.free();
