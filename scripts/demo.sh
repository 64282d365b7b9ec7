#!/usr/bin/env bash
# The main job in one command: installs what is needed, builds a sample drop folder from real text (the Brown
# corpus as .txt files, a .jsonl and an .html page, plus one bad file to show quarantine), runs the embedded
# pipeline over it with `sluice run` (ingest, dedupe, safety-filter, tokenize, train, evaluate), shows where
# everything is, the evaluation report, `sluice status`, `rejected` and `lineage` on the lake, and how long it took.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${SLUICE_SKIP_SETUP:-}" = 1 ] || bash scripts/setup.sh
dotnet build cli/Sluice.Cli.csproj -c Release --nologo --verbosity quiet -warnaserror
sluice() { dotnet cli/bin/Release/net10.0/sluice.dll "$@"; }

demo=.work/demo
rm -rf "$demo"
mkdir -p "$demo/drop/bad"
node scripts/peers/brown-sample.mjs "$demo/drop"
# Duplicates for dedupe: a lower-cased copy of one news file (other bytes, so ingest takes it, but the same normalized
# text) and a near copy (its first line dropped, a heading added, upper case): dedupe removes both and records them
# under rejected/dedupe/<exact|near>/.
# The first of a listing with sed, which reads it all: head would close the pipe early, and under pipefail the
# SIGPIPE of a writer still writing (sort, find) would end the script.
first_news=$(find "$demo/drop/news" -name '*.txt' | sort | sed -n 1p)
mkdir -p "$demo/drop/mirror"
tr '[:upper:]' '[:lower:]' < "$first_news" > "$demo/drop/mirror/copy.txt"
{ echo "MIRRORED ARTICLE"; tail -n +2 "$first_news" | tr '[:lower:]' '[:upper:]'; } > "$demo/drop/mirror/near-copy.txt"
# A program renamed to .txt: binary, so ingest quarantines it under rejected/ingest/binary-file/.
head -c 65536 "$(readlink -f "$(command -v dotnet)")" > "$demo/drop/bad/not-really-text.txt"

echo
run_started=$SECONDS
sluice run "$demo/drop" --lake "$demo/lake"
run_seconds=$((SECONDS - run_started))

echo
first_shard=$(find "$demo/lake/docs/raw" -name '*.parquet' | sort | sed -n 1p)
echo "Document shards (Parquet) under $demo/lake/docs/raw/:"
find "$demo/lake/docs/raw" -name '*.parquet' | sort | sed 's/^/  /'
echo "Deduplicated shards under $demo/lake/docs/dedup/:"
find "$demo/lake/docs/dedup" -name '*.parquet' | sort | sed 's/^/  /'
echo "Quarantined input and removed duplicates under $demo/lake/rejected/:"
find "$demo/lake/rejected" -name '*.parquet' | sort | sed 's/^/  /'
echo
echo "First rows of $first_shard (sluice parquet head):"
sluice parquet head "$first_shard" --rows 2 | cut -c 1-300

echo
tokenizer=$(find "$demo/lake/tokenizers" -name tokenizer.tiktoken.json | sed -n 1p)
echo "Tokenizer trained on the cleaned text: $(dirname "$tokenizer")/"
ls "$(dirname "$tokenizer")" | sed 's/^/  /'
echo "Token shards (llm.c .bin layout + .docs document index) under $demo/lake/tokens/: $(find "$demo/lake/tokens" -name '*.bin' -path '*/train/*' | wc -l) train, $(find "$demo/lake/tokens" -name '*.bin' -path '*/val/*' | wc -l) validation"
echo
echo "The trained tokenizer on $first_news (sluice tokenizer stats):"
sluice tokenizer stats --encoding "$tokenizer" "$first_news"

echo
report=$(find "$demo/lake/evals" -name report.md | sort | tail -n 1)
echo "Checkpoints under $demo/lake/checkpoints/, the dataset manifest under $demo/lake/datasets/."
echo "The evaluation report: $report (report.json and the charts beside it). Its head:"
sed -n '1,30p' "$report"
echo
echo "What each stage did, the run and its evaluation (sluice status --lake $demo/lake):"
sluice status --lake "$demo/lake"
echo
echo "What was removed, with reason and locator (sluice rejected --lake $demo/lake --limit 8):"
sluice rejected --lake "$demo/lake" --limit 8 | cut -c 1-200
echo
# The second news file (the first lost to its copies in dedupe): forward from the dropped file to the evaluation.
second_key=$(find "$demo/drop/news" -name '*.txt' | sort | sed -n 2p); second_key=${second_key#"$demo/drop/"}
echo "Where $second_key went (sluice lineage $second_key --lake $demo/lake):"
sluice lineage "$second_key" --lake "$demo/lake"
echo
echo "main job: $SECONDS s in all, sluice run $run_seconds s"
