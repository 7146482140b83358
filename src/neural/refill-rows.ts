/**
 * The training batch under deep supervision: a row keeps its puzzle across supervision steps until
 * its carry halts, and only the halted rows get fresh puzzles. Shared by the trainer and ARC
 * test-time training.
 */
import { IGNORE_LABEL_ID } from '../util/tokens.js';
import type { TokenRow } from './train-types.js';

/** The batch's token buffers: inputs and labels [B·S], puzzle identifiers [B]. */
export interface BatchBuffers {
  readonly inputs: Int32Array;
  readonly labels: Int32Array;
  readonly puzzleIdentifiers: Int32Array;
}

export function batchBuffers(batchSize: number, seqLen: number): BatchBuffers {
  return { inputs: new Int32Array(batchSize * seqLen), labels: new Int32Array(batchSize * seqLen), puzzleIdentifiers: new Int32Array(batchSize) };
}

/**
 * Writes `nextRows` into the rows where `halted[b]` is set and blanks the rest (trainStep ignores
 * the batch's rows whose carry has not halted: they keep their current puzzle).
 */
export function refillHalted(buf: BatchBuffers, halted: Uint8Array, nextRows: (n: number) => TokenRow[], seqLen: number): void {
  const haltedIdx: number[] = [];
  for (let b = 0; b < halted.length; b++) if (halted[b]) haltedIdx.push(b);
  const fresh = haltedIdx.length ? nextRows(haltedIdx.length) : [];
  buf.inputs.fill(0);
  buf.labels.fill(IGNORE_LABEL_ID);
  buf.puzzleIdentifiers.fill(0);
  haltedIdx.forEach((b, i) => {
    const r = fresh[i]!;
    buf.inputs.set(r.inputs, b * seqLen);
    buf.labels.set(r.labels, b * seqLen);
    buf.puzzleIdentifiers[b] = r.puzzleIdentifier;
  });
}
