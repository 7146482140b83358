/**
 * Noisy rectangles cleaned: the picture is solid rectangles on a background, sprinkled with noise
 * pixels that may fall on a rectangle or beside it. A colour whose every piece (4-connected) is one
 * or two cells is noise; every other colour's pieces are rectangles, each redrawn as its full
 * bounding box; everything else becomes background (ConceptARC CleanUp2: dots on and around a
 * block, or holes punched in a full grid). consensus/periodic denoisers need a repeating pattern,
 * and a majority vote of neighbours eats the corners a dot sits beside.
 *
 * Null when there is no noise, when a colour has both tiny and larger pieces (which of them is
 * noise would be a guess), or when two redrawn rectangles overlap.
 */
import { prim, type Primitive } from '../dsl.js';
import { equal, histogram, makeGrid, width, type Grid } from '../grid-ops.js';
import { components, SEGMENTATIONS } from '../objects.js';

/** Largest piece still counted as a noise pixel; smallest piece counted as a rectangle. */
const NOISE = 2;
const SOLID = 4;

function denoiseOn(g: Grid, bg: number): Grid | null {
  const objs = components(g, SEGMENTATIONS[0]!.seg, bg);
  const small = new Set<number>(), big = new Set<number>();
  for (const o of objs) {
    if (o.size <= NOISE) small.add(o.colour);
    else if (o.size >= SOLID) big.add(o.colour);
    else return null;
  }
  if (!small.size || [...small].some((c) => big.has(c))) return null;
  const out = makeGrid(g.length, width(g), bg);
  for (const o of objs) {
    if (!big.has(o.colour)) continue;
    for (let r = o.top; r < o.bottom; r++) for (let c = o.left; c < o.right; c++) {
      if (out[r]![c] !== bg) return null;
      out[r]![c] = o.colour;
    }
  }
  return out;
}

/** On background 0 and on the most frequent colour (noise may be holes punched in a full grid); null when both readings work and disagree. */
function rectDenoise(g: Grid): Grid | null {
  const h = histogram(g), top = h.indexOf(Math.max(...h));
  const a = h[0]! > 0 ? denoiseOn(g, 0) : null, b = top !== 0 ? denoiseOn(g, top) : null;
  if (a && b && !equal(a, b)) return null;
  return a ?? b;
}

export const RECT_DENOISE: readonly Primitive[] = [prim('rectdenoise', 'rect-denoise', rectDenoise, 2)];
