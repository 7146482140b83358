/**
 * `npm run bench`: runs every benchmark section, prints one table and then one JSON document
 * (`BENCH_JSON {...}` on a single line) so scripts can pick the numbers up.
 * `npm run bench -- sudoku maze` runs only the named sections.
 */
import os from 'node:os';
import { printTable, type BenchRow } from './harness.js';

type Section = () => Promise<BenchRow[]>;

const SECTIONS: Record<string, () => Promise<Section>> = {
  sudoku: async () => (await import('./sudoku.js')).run,
  maze: async () => (await import('./maze.js')).run,
  server: async () => (await import('./server.js')).run,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = wanted.length ? wanted : Object.keys(SECTIONS);
  const rows: BenchRow[] = [];
  for (const name of names) {
    const load = SECTIONS[name];
    if (!load) {
      console.error(`unknown bench section "${name}"; known: ${Object.keys(SECTIONS).join(', ')}`);
      process.exitCode = 2;
      return;
    }
    console.error(`[bench] running ${name} …`);
    rows.push(...(await (await load())()));
  }
  printTable(rows);
  const meta = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model };
  console.log('BENCH_JSON ' + JSON.stringify({ meta, rows }));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
