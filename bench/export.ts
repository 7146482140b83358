/**
 * `npm run bench -- export`: export-dataset throughput and memory. Each size runs in a fresh
 * child process (so peak RSS is the export's own): 9×9 Sudoku laid out as the paper's
 * Sudoku-Extreme set (originals × 1,000 augmentations, one group per original), at 10,000 and
 * 1,000,000 training rows (`TRM_BENCH_EXPORT_ROWS` to change the large one). Peak RSS that stays
 * flat from 10k to 1M rows is what "streamed and bounded" means; rows/s is wall-clock, end to end (generator,
 * canonical keys, augmentations, encode, .npy writes), the child's start excluded.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './harness.js';

const GROUP = 'export-dataset';
const AUG = 999;

/** In the child: one export, then its rows, seconds and peak RSS as JSON on stdout. */
async function child(task: string, out: string, nTrain: number): Promise<void> {
  const { createSdk } = await import('../src/sdk/sdk.js');
  const t0 = performance.now();
  const r = await createSdk().exportDataset({ task, out, nTrain, nTest: 100, augment: AUG, seed: 0 });
  const seconds = (performance.now() - t0) / 1000;
  const bytes = fs.readdirSync(path.join(out, 'train')).reduce((n, f) => n + fs.statSync(path.join(out, 'train', f)).size, 0);
  const u = process.resourceUsage();
  console.log(JSON.stringify({ rows: r.train.rows + r.test.rows, seconds, cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6, maxRssMiB: u.maxRSS / 1024, trainBytes: bytes }));
}

export async function run(): Promise<BenchRow[]> {
  const large = Number(process.env.TRM_BENCH_EXPORT_ROWS ?? 1_000_000);
  const rows: BenchRow[] = [];
  const self = fileURLToPath(import.meta.url);
  for (const target of [10_000, large]) {
    const nTrain = Math.max(1, Math.round(target / (AUG + 1)));
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-bench-export-'));
    try {
      const text = execFileSync(process.execPath, [self, 'child', 'sudoku', path.join(out, 'd'), String(nTrain)], { encoding: 'utf8', maxBuffer: 1 << 20 });
      const m = JSON.parse(text.trim().split('\n').at(-1)!) as { rows: number; seconds: number; cpuSeconds: number; maxRssMiB: number; trainBytes: number };
      const notes = `sudoku 9×9, ${nTrain} originals × ${AUG + 1} (augment ${AUG}) + 100 test; uint8 .npy, ${(m.trainBytes / 2 ** 20).toFixed(0)} MiB train; ${m.cpuSeconds.toFixed(0)} s CPU in ${m.seconds.toFixed(0)} s wall (load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} shared cores)`;
      rows.push({ group: GROUP, name: `${m.rows.toLocaleString('en-US')} rows: rows/s`, median: m.rows / m.seconds, unit: 'rows/s', runs: 1, notes });
      rows.push({ group: GROUP, name: `${m.rows.toLocaleString('en-US')} rows: peak RSS`, median: m.maxRssMiB, unit: 'MiB', runs: 1, notes: 'the child process (Node, the SDK, the export)' });
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }
  return rows;
}

if (process.argv[2] === 'child') {
  await child(process.argv[3]!, process.argv[4]!, Number(process.argv[5]));
}
