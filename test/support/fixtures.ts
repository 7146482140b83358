/**
 * Paths to the data the tests read: test/fixtures/ in the repository (goldens, PyTorch checkpoints,
 * ARC-AGI JSON, tdoku's Sudoku edge cases), resolved from this file, never from the current
 * directory, so a clone runs the same tests as CI wherever vitest starts. A missing fixture throws
 * an error naming the file: the tests that need it fail, they never skip.
 *
 * test/fixtures/ is kept out of the npm package by package.json "files" (test/package/tarball.test.ts).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's test/fixtures folder. */
export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** The path of a fixture under test/fixtures/; throws, naming the file, when it is not there. */
export function fixture(...parts: string[]): string {
  const p = path.join(FIXTURES_DIR, ...parts);
  if (!existsSync(p)) {
    throw new Error(`test fixture missing: ${p} (test/fixtures/ is part of the repository: restore it with \`git checkout -- test/fixtures\`)`);
  }
  return p;
}

/**
 * Golden checkpoints and expected outputs of the reference TRM and HRM (test/fixtures/golden/README.md),
 * with the PyTorch-written files under pytorch/. TRM_GOLDEN_DIR overrides it (bench/gpu stages its own copy).
 */
export function goldenDir(): string {
  const dir = process.env.TRM_GOLDEN_DIR;
  if (dir !== undefined && dir !== '') {
    if (!existsSync(dir)) throw new Error(`TRM_GOLDEN_DIR=${dir} does not exist`);
    return dir;
  }
  return fixture('golden');
}

/** One golden file, e.g. golden('trm-attn-rope.checkpoint.safetensors') or golden('pytorch', 'views.pt'). */
export function golden(...parts: string[]): string {
  const p = path.join(goldenDir(), ...parts);
  if (!existsSync(p)) throw new Error(`golden fixture missing: ${p}`);
  return p;
}

/** The ARC-AGI folder (Kaggle layout): training + ConceptARC with solutions, the evaluation splits as challenges only. */
export const arcDataDir = (): string => fixture('data', 'arc');

/** tdoku's 43 solver edge cases, one `puzzle:count[:solution]` a line. */
export const tdokuPath = (): string => fixture('data', 'sudoku', 'tdoku_test_puzzles.txt');
