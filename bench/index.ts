/**
 * `npm run bench`: runs every benchmark section, prints one table and then one JSON document
 * (`BENCH_JSON {...}` on a single line) so scripts can pick the numbers up.
 * `npm run bench -- sudoku maze` runs only the named sections.
 */
import os from 'node:os';
import { printTable, type BenchRow } from './harness.js';

type Section = () => Promise<BenchRow[]>;

/** Sections; `npm run bench` runs the default ones, `npm run bench -- <name>` any. */
const SECTIONS: Record<string, { load: () => Promise<Section>; default: boolean }> = {
  sudoku: { load: async () => (await import('./sudoku.js')).run, default: true },
  maze: { load: async () => (await import('./maze.js')).run, default: true },
  hybrid: { load: async () => (await import('./hybrid.js')).run, default: true },
  server: { load: async () => (await import('./server.js')).run, default: true },
  // ~17 minutes (the cpu backend is slow): `npm run bench:neural`.
  neural: { load: async () => (await import('./neural.js')).run, default: false },
  // The published checkpoints' shapes (27M-parameter HRM) and a 1,000-solve leak check: minutes.
  fullsize: { load: async () => (await import('./fullsize.js')).run, default: false },
  // The shipped models on onnxruntime and tfjs over every held-out puzzle: agreement and verified counts.
  engines: { load: async () => (await import('./engines.js')).run, default: false },
  // export-dataset at 10k and 1M rows, each in a child process for its peak RSS: minutes.
  export: { load: async () => (await import('./export.js')).run, default: false },
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = wanted.length ? wanted : Object.keys(SECTIONS).filter((k) => SECTIONS[k]!.default);
  const rows: BenchRow[] = [];
  for (const name of names) {
    const section = SECTIONS[name];
    if (!section) {
      console.error(`unknown bench section "${name}"; known: ${Object.keys(SECTIONS).join(', ')}`);
      process.exitCode = 2;
      return;
    }
    console.error(`[bench] running ${name} …`);
    rows.push(...(await (await section.load())()));
  }
  printTable(rows);
  const meta = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model };
  console.log('BENCH_JSON ' + JSON.stringify({ meta, rows }));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
