#!/usr/bin/env bash
# Run from the repository root. Interleaved A/B timing of the ARC search on a shared machine: runs the baseline build and this
# build alternately, one rep each, R times, then prints this build's table against the baseline
# medians (bench/arc-search-speed.ts --baseline). Usage:
#   bench/arc-search-speed.sh <baseline dist dir> <new dist dir> [R=5] [extra args, e.g. --time 2000]
set -euo pipefail
A=$1 B=$2 R=${3:-5}; shift 3 || true
D=--dir; DIR=$(pwd)/test/fixtures/data/arc
T=$(mktemp -d)
for i in $(seq 1 "$R"); do
  nice -n 10 node --expose-gc "$A/bench/arc-search-speed.js" --reps 1 --quick $D "$DIR" "$@" --out "$T/a$i.json" > /dev/null
  nice -n 10 node --expose-gc "$B/bench/arc-search-speed.js" --reps 1 --quick $D "$DIR" "$@" --out "$T/b$i.json" > /dev/null
done
node -e '
const fs = require("fs"), [t, R] = [process.argv[1], +process.argv[2]];
const med = (xs) => { const s = [...xs].sort((a, b) => a - b), m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
for (const v of ["a", "b"]) {
  const runs = Array.from({ length: R }, (_, i) => JSON.parse(fs.readFileSync(`${t}/${v}${i + 1}.json`, "utf8")));
  const rows = runs[0].rows.map((r, k) => ({ ...r, cpuMs: med(runs.map((x) => x.rows[k].cpuMs)), wallMs: med(runs.map((x) => x.rows[k].wallMs)) }));
  for (const r of rows) r.programsPerCpuS = Math.round((1000 * r.tried) / r.cpuMs);
  fs.writeFileSync(`${t}/${v}.json`, JSON.stringify({ reps: R, rows }));
}' "$T" "$R"
echo "baseline $A vs $B, $R interleaved reps, medians:"
node --expose-gc "$B/bench/arc-search-speed.js" --reps 0 --print "$T/b.json" --baseline "$T/a.json" $D "$DIR" "$@"
