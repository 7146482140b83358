/**
 * The TRM paper's ARC token encoding (as in the reference `build_arc_dataset.py`).
 *
 * Each grid is drawn on a 30×30 canvas, flattened row-major to 900 tokens:
 *   0 = pad, 1 = end-of-grid marker ("EOS"), colour c = c + 2 (so ids 2..11; vocabSize 12).
 * An h×w grid sits at the top-left; the marker fills row h under the grid (columns 0..w-1) and
 * column w right of it (rows 0..h-1) — the corner (h, w) stays pad, as in the reference — and a
 * side that reaches 30 gets no marker. The marker tells the model (and `decodeGrid`) where the
 * grid ends, since 0 is a colour and cannot mark the edge.
 *
 * Labels are the expected output grid encoded the same way, with pad cells set to
 * IGNORE_LABEL_ID (the reference's `ignore_label_id = 0`), so the loss looks at the grid and its
 * end markers only.
 *
 * One row per test input; the demonstration pairs are not in the row (the reference trains on
 * them as separate examples tied together by a puzzle identifier): see `encodeTrainPairs`.
 */
import { IGNORE_LABEL_ID, type Encoded, type TokenSpec } from '../contract.js';
import { MAX_GRID_SIDE, type ArcAnswer, type ArcTask, type Grid } from '../../symbolic/arc/grid/types.js';

export const ARC_PAD_ID = 0;
export const ARC_EOS_ID = 1;
/** Token id of colour 0 (colour c is `ARC_COLOUR_OFFSET + c`). */
export const ARC_COLOUR_OFFSET = 2;

export const ARC_TOKENS: TokenSpec = Object.freeze({
  seqLen: MAX_GRID_SIDE * MAX_GRID_SIDE,
  vocabSize: 12,
  padId: ARC_PAD_ID,
  numPuzzleIdentifiers: 1,
});

/**
 * A grid on a side×side canvas (default 30×30: 900 token ids) as token ids, row-major; cells
 * beyond the canvas are dropped rather than crash. Test-time training (src/sdk/arc/ttt.ts) uses
 * the same codec on a smaller canvas.
 */
export function encodeGrid(grid: Grid, side: number = MAX_GRID_SIDE): Int32Array {
  const S = side;
  const out = new Int32Array(S * S); // all pad
  const h = Math.min(grid.length, S);
  const w = Math.min(grid[0]?.length ?? 0, S);
  for (let r = 0; r < h; r++) {
    const row = grid[r]!;
    for (let c = 0; c < w; c++) out[r * S + c] = ARC_COLOUR_OFFSET + (row[c] ?? 0);
  }
  if (h < S) for (let c = 0; c < w; c++) out[h * S + c] = ARC_EOS_ID;
  if (w < S) for (let r = 0; r < h; r++) out[r * S + w] = ARC_EOS_ID;
  return out;
}

/** `encodeGrid` with pad cells set to IGNORE_LABEL_ID: the training target for a grid. */
export function encodeLabelGrid(grid: Grid, side: number = MAX_GRID_SIDE): Int32Array {
  const out = encodeGrid(grid, side);
  for (let i = 0; i < out.length; i++) if (out[i] === ARC_PAD_ID) out[i] = IGNORE_LABEL_ID;
  return out;
}

function isColourId(id: number | undefined): boolean {
  return id !== undefined && id >= ARC_COLOUR_OFFSET && id < ARC_COLOUR_OFFSET + 10;
}

/**
 * A predicted row back to a grid. The width is the run of colour tokens at the start of row 0,
 * the height the run down column 0 (each at least 1); non-colour ids inside that rectangle read
 * as colour 0. Never throws, whatever the ids or the row length (missing cells read as pad).
 */
export function decodeGrid(row: ArrayLike<number>): Grid {
  const S = MAX_GRID_SIDE;
  let w = 0;
  while (w < S && isColourId(row[w])) w++;
  let h = 0;
  while (h < S && isColourId(row[h * S])) h++;
  w = Math.max(1, w);
  h = Math.max(1, h);
  const grid: Grid = [];
  for (let r = 0; r < h; r++) {
    const out: number[] = new Array<number>(w);
    for (let c = 0; c < w; c++) {
      const id = row[r * S + c];
      out[c] = isColourId(id) ? id! - ARC_COLOUR_OFFSET : 0;
    }
    grid.push(out);
  }
  return grid;
}

/**
 * A predicted row on a side×side canvas back to a grid, or null when it is not a well-formed
 * encoding: the shape comes from the colour runs along row 0 and down column 0, every cell inside
 * must be a colour, and the end markers must close the rectangle where it is smaller than the
 * canvas. The strict reading that a vote needs (test-time training); `decodeGrid` is the lenient one. Never throws.
 */
export function decodeGridStrict(row: ArrayLike<number>, side: number = MAX_GRID_SIDE): Grid | null {
  const D = side;
  if (!Number.isInteger(D) || D < 1 || row.length < D * D) return null;
  let w = 0;
  while (w < D && isColourId(row[w])) w++;
  let h = 0;
  while (h < D && isColourId(row[h * D])) h++;
  if (w === 0 || h === 0) return null;
  const grid: Grid = [];
  for (let r = 0; r < h; r++) {
    const line: number[] = new Array<number>(w);
    for (let c = 0; c < w; c++) {
      const id = row[r * D + c];
      if (!isColourId(id)) return null;
      line[c] = id! - ARC_COLOUR_OFFSET;
    }
    if (w < D && row[r * D + w] !== ARC_EOS_ID) return null;
    grid.push(line);
  }
  if (h < D) for (let c = 0; c < w; c++) if (row[h * D + c] !== ARC_EOS_ID) return null;
  return grid;
}

/**
 * One row per test input (its input grid). Labels come from `answer.attempts[i][0]` when an
 * answer is given, else from `puzzle.test[i].output` when known; a test input with neither gets
 * an all-IGNORE label row. `labels` is absent when no test input has a target.
 */
export function encodeArc(puzzle: ArcTask, answer?: ArcAnswer): Encoded {
  const inputs = puzzle.test.map((t) => encodeGrid(t.input));
  const targets = puzzle.test.map((t, i) => (answer ? answer.attempts[i]?.[0] : t.output));
  const puzzleIdentifiers = inputs.map(() => 0);
  if (targets.every((g) => g === undefined)) return { inputs, puzzleIdentifiers };
  const labels = targets.map((g) => (g ? encodeLabelGrid(g) : new Int32Array(ARC_TOKENS.seqLen).fill(IGNORE_LABEL_ID)));
  return { inputs, labels, puzzleIdentifiers };
}

/** The demonstration pairs as training rows (input grid → labelled output grid), puzzle identifier 0. */
export function encodeTrainPairs(puzzle: ArcTask): Required<Encoded> {
  return {
    inputs: puzzle.train.map((p) => encodeGrid(p.input)),
    labels: puzzle.train.map((p) => encodeLabelGrid(p.output)),
    puzzleIdentifiers: puzzle.train.map(() => 0),
  };
}

/**
 * Predicted rows back to an answer: row i is the single attempt for test input i
 * (`attempts: [[grid]]` per test input). A missing row decodes as `[[0]]`. Never throws.
 */
export function decodeArc(rows: readonly ArrayLike<number>[], puzzle: ArcTask): ArcAnswer {
  return { attempts: puzzle.test.map((_, i) => [rows[i] ? decodeGrid(rows[i]!) : [[0]]]) };
}
