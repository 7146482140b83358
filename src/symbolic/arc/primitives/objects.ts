/**
 * Object primitives: pick one connected component by a property (largest, smallest, the one with a
 * unique colour or shape, the most colourful, …) and crop to it, or keep/remove objects in place.
 * Every selector exists per segmentation: `largest` (4-connected, one colour), `largest8`
 * (8-connected), `largestM` (8-connected, multicolour).
 */
import { prim, type Primitive } from '../dsl.js';
import { background, dihedralSym, makeGrid, type Grid } from '../grid-ops.js';
import { components, holeCount, objectBox, objectGrid, patternKey, shapeKey, SEGMENTATIONS, touchesBorder, type ArcObject } from '../objects.js';

type Selector = (objs: ArcObject[], g: Grid) => ArcObject | null;

/** The single object with the strictly greatest score, or null on a tie. */
function argmax(objs: ArcObject[], score: (o: ArcObject) => number): ArcObject | null {
  let best: ArcObject | null = null, bestScore = -Infinity, tie = false;
  for (const o of objs) {
    const s = score(o);
    if (s > bestScore) [best, bestScore, tie] = [o, s, false];
    else if (s === bestScore) tie = true;
  }
  return tie ? null : best;
}

/** The single object whose key occurs once while the others' keys repeat. */
function unique(objs: ArcObject[], key: (o: ArcObject) => string): ArcObject | null {
  if (objs.length < 2) return null;
  const n = new Map<string, number>();
  for (const o of objs) n.set(key(o), (n.get(key(o)) ?? 0) + 1);
  const once = objs.filter((o) => n.get(key(o)) === 1);
  return once.length === 1 ? once[0]! : null;
}

const area = (o: ArcObject): number => (o.bottom - o.top) * (o.right - o.left);

export const SELECTORS: Readonly<Record<string, Selector>> = {
  largest: (os) => argmax(os, (o) => o.size),
  smallest: (os) => argmax(os, (o) => -o.size),
  biggestbox: (os) => argmax(os, area),
  uniqcolour: (os) => unique(os, (o) => o.colours.join(',')),
  uniqshape: (os) => unique(os, shapeKey),
  uniqpattern: (os, g) => unique(os, (o) => patternKey(g, o)),
  colourful: (os) => argmax(os, (o) => o.colours.length),
  densest: (os) => argmax(os, (o) => o.size / area(o)),
  sparsest: (os) => argmax(os, (o) => -o.size / area(o)),
  holes: (os, g) => argmax(os, (o) => holeCount(g, o)),
  symmetric: (os, g) => {
    const sym = os.filter((o) => dihedralSym(objectGrid(g, o, -1)));
    return sym.length === 1 ? sym[0]! : null;
  },
  asymmetric: (os, g) => {
    const asym = os.filter((o) => !dihedralSym(objectGrid(g, o, -1)));
    return asym.length === 1 ? asym[0]! : null;
  },
  inner: (os, g) => {
    const inner = os.filter((o) => !touchesBorder(g, o));
    return inner.length === 1 ? inner[0]! : null;
  },
};

function select(g: Grid, seg: (typeof SEGMENTATIONS)[number]['seg'], sel: Selector): ArcObject | null {
  const objs = components(g, seg);
  return objs.length ? sel(objs, g) : null;
}

/** Keeps only objects passing `keep` (others painted background); null when nothing changes or nothing is left. */
function filterObjects(g: Grid, seg: (typeof SEGMENTATIONS)[number]['seg'], keep: (o: ArcObject, all: ArcObject[]) => boolean): Grid | null {
  const bg = background(g);
  const objs = components(g, seg, bg);
  const out = makeGrid(g.length, g[0]!.length, bg);
  let kept = 0;
  for (const o of objs) {
    if (!keep(o, objs)) continue;
    kept++;
    for (const [r, c] of o.cells) out[r]![c] = g[r]![c]!;
  }
  return kept === 0 || kept === objs.length ? null : out;
}

const CROP_SELECTORS = Object.keys(SELECTORS);

export const OBJECTS: readonly Primitive[] = [
  ...SEGMENTATIONS.flatMap(({ tag, seg }) =>
    CROP_SELECTORS.map((name) =>
      prim(`${name}${tag}`, 'objects', (g) => {
        const o = select(g, seg, SELECTORS[name]!);
        return o ? objectBox(g, o) : null;
      }, tag ? 1.2 : 1),
    ),
  ),
  ...SEGMENTATIONS.flatMap(({ tag, seg }) => [
    prim(`keeplargest${tag}`, 'objects', (g) => {
      const o = select(g, seg, SELECTORS.largest!);
      return o ? filterObjects(g, seg, (x) => x === o) : null;
    }),
    prim(`dropsmallest${tag}`, 'objects', (g) => {
      const o = select(g, seg, SELECTORS.smallest!);
      return o ? filterObjects(g, seg, (x) => x !== o) : null;
    }),
    prim(`denoise${tag}`, 'objects', (g) => filterObjects(g, seg, (o) => o.size > 1)),
    prim(`dropborder${tag}`, 'objects', (g) => filterObjects(g, seg, (o) => !touchesBorder(g, o)), 1.5),
  ]),
  prim('objcount', 'objects', (g) => {
    // 1×n row of background… as n cells of the majority object colour: count-based outputs.
    const objs = components(g, SEGMENTATIONS[1]!.seg);
    if (!objs.length || objs.length > 30) return null;
    return [objs.map((o) => o.colour)];
  }, 2),
];
