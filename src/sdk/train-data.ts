/**
 * Training data from a task plugin: examples from a fixed list or the plugin's generator,
 * augmented on the fly, encoded to token rows, packed into batches.
 *
 * Held-out honesty: the evaluation set is drawn first (its own seed) and training skips every
 * example equivalent to an evaluation puzzle. When the plugin has `canonicalKey`, "equivalent"
 * means equal up to the plugin's augmentations (same canonical key), so no training row is a
 * relabelled, shuffled or transposed copy of a held-out puzzle; otherwise it means equal input
 * tokens. Small tasks like 4×4 Sudoku repeat puzzles often enough to matter: there the held-out
 * set can hold only a few dozen classes, each met many times by an unfiltered training stream.
 */
import { TrmError, noGenerator } from '../errors.js';
import type { AnyTaskPlugin, Example } from '../plugins/contract.js';
import { sampleComposite } from '../plugins/contract.js';
import type { Rng } from '../util/rng.js';
import type { TokenRow } from '../neural/train-types.js';
export type { TokenRow } from '../neural/train-types.js';

function rowKey(row: Int32Array): string {
  return Buffer.from(row.buffer, row.byteOffset, row.byteLength).toString('base64');
}

/** Encodes one example into rows (one per encoded row; ARC yields one per test input). */
export function encodeExample(plugin: AnyTaskPlugin, ex: Example<unknown, unknown>): TokenRow[] {
  const enc = plugin.encode(ex.puzzle, ex.answer);
  if (!enc.labels) throw new TrmError('TRM_ERR_INVALID_INPUT', `plugin ${plugin.name} did not return labels from encode(puzzle, answer)`);
  return enc.inputs.map((inputs, i) => ({ inputs, labels: enc.labels![i]!, puzzleIdentifier: enc.puzzleIdentifiers[i] ?? 0 }));
}

export interface ExampleSourceOptions {
  /** Fixed examples to cycle through (shuffled each epoch); otherwise the plugin's generator. */
  data?: readonly Example<unknown, unknown>[];
  /** Options for plugin.generate (difficulty, size…). */
  generate?: Record<string, unknown>;
  /** Apply a random composite augmentation to every training example (default true). */
  augment?: boolean;
  /** Input rows (by {@link rowKey}) that must never be trained on (the held-out set). */
  exclude?: ReadonlySet<string>;
  /**
   * Canonical keys (plugin.canonicalKey of the puzzle) that must never be trained on: an example
   * whose (augmented) puzzle has one of these keys is skipped whole. Ignored when the plugin has
   * no canonicalKey.
   */
  excludeCanonical?: ReadonlySet<string>;
}

/** An endless stream of encoded training rows. */
export class ExampleSource {
  private cursor = 0;
  private order: number[] = [];
  skipped = 0;

  constructor(private readonly plugin: AnyTaskPlugin, private readonly rng: Rng, private readonly opts: ExampleSourceOptions) {
    if (!opts.data && typeof plugin.generate !== 'function') {
      throw noGenerator(plugin.name, 'pass training data');
    }
    if (opts.data && opts.data.length === 0) throw new TrmError('TRM_ERR_INVALID_OPTIONS', 'training data is empty');
  }

  private nextExample(): Example<unknown, unknown> {
    const data = this.opts.data;
    if (data) {
      if (this.cursor >= this.order.length) {
        this.order = data.map((_, i) => i);
        for (let i = this.order.length - 1; i > 0; i--) {
          const j = this.rng.int(i + 1);
          [this.order[i], this.order[j]] = [this.order[j]!, this.order[i]!];
        }
        this.cursor = 0;
      }
      return data[this.order[this.cursor++]!]!;
    }
    return this.plugin.generate!(this.rng, this.opts.generate ?? {});
  }

  /** Next `n` rows, augmented, skipping any that is (equivalent to) a held-out puzzle. */
  take(n: number): TokenRow[] {
    const out: TokenRow[] = [];
    const augs = this.plugin.augmentations ?? [];
    const canonical = this.opts.excludeCanonical?.size && typeof this.plugin.canonicalKey === 'function' ? this.opts.excludeCanonical : null;
    let guard = 0;
    while (out.length < n) {
      if (++guard > n * 1000) {
        throw new TrmError(
          'TRM_ERR_INVALID_OPTIONS',
          canonical
            ? `could not draw training examples outside the held-out set: ${this.skipped} drawn rows were equivalent (up to ${this.plugin.name}'s augmentations) to held-out puzzles — the task has too few distinct puzzles for this held-out size; use a smaller evalSize or pass evalData`
            : 'could not draw training examples outside the held-out set',
        );
      }
      let ex = this.nextExample();
      if (this.opts.augment !== false && augs.length) {
        const t = sampleComposite(augs, this.rng);
        ex = { puzzle: t.puzzle(ex.puzzle), answer: t.answer(ex.answer) };
      }
      const rows = encodeExample(this.plugin, ex);
      if (canonical?.has(this.plugin.canonicalKey!(ex.puzzle))) {
        this.skipped += rows.length;
        continue;
      }
      for (const row of rows) {
        if (this.opts.exclude?.has(rowKey(row.inputs))) {
          this.skipped++;
          continue;
        }
        out.push(row);
      }
    }
    return out.slice(0, n);
  }
}

/**
 * Draws a held-out evaluation set (not augmented) and the key sets that training must avoid:
 * `keys` (exact input rows) always, `canonicalKeys` when the plugin has canonicalKey.
 */
export function heldOutSet(plugin: AnyTaskPlugin, rng: Rng, n: number, generate: Record<string, unknown> = {}, data?: readonly Example<unknown, unknown>[]): {
  examples: Example<unknown, unknown>[];
  rows: TokenRow[];
  keys: Set<string>;
  canonicalKeys?: Set<string>;
} {
  const examples: Example<unknown, unknown>[] = [];
  if (data) examples.push(...data.slice(0, n));
  else {
    if (typeof plugin.generate !== 'function') throw noGenerator(plugin.name, 'pass evaluation data');
    for (let i = 0; i < n; i++) examples.push(plugin.generate(rng, generate));
  }
  const rows = examples.flatMap((ex) => encodeExample(plugin, ex));
  const keys = new Set(rows.map((r) => rowKey(r.inputs)));
  if (typeof plugin.canonicalKey !== 'function') return { examples, rows, keys };
  return { examples, rows, keys, canonicalKeys: new Set(examples.map((ex) => plugin.canonicalKey!(ex.puzzle))) };
}

/**
 * The exclusion options for an ExampleSource that keeps `held` out of training: by canonical key
 * when the plugin has one (a held-out puzzle's relabelled/shuffled/rotated copies are skipped too),
 * and always by exact input row.
 */
export function heldOutExclusion(held: { keys: ReadonlySet<string>; canonicalKeys?: ReadonlySet<string> }): Pick<ExampleSourceOptions, 'exclude' | 'excludeCanonical'> {
  return { exclude: held.keys, ...(held.canonicalKeys ? { excludeCanonical: held.canonicalKeys } : {}) };
}

export { rowKey };
