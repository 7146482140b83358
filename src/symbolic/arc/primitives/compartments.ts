/**
 * Choosing a compartment: the output is one cell of the input's lattice (cells.ts, cells of equal or
 * unequal size), the one ranked first by a property learned from the demonstrations — the most or
 * fewest pixels, colours, or the one cell whose pattern, mask or colour no other cell shares.
 *
 * Taxonomy category "partition": "answer with the odd compartment" / "the fullest box". `split.ts`'s
 * part pickers need equal parts and fix the property in the name; this learner tries each property
 * and direction and keeps the first that picks the output cell in every pair (a tie: no pick).
 */
import type { Learner } from '../dsl.js';
import { equal, type Grid } from '../grid-ops.js';
import { validColours } from '../learn-table.js';
import { cellCount, cellsOf, dominant } from './cells.js';

const pattern = (c: Grid): string => c.map((r) => r.join('')).join('/');
const mask = (c: Grid, bg: number): string => c.map((r) => r.map((v) => (v === bg ? 0 : 1)).join('')).join('/');
/** 1 for a cell whose `k` no other cell shares, else 0. */
const unique = (ks: string[]): number[] => ks.map((k) => (ks.filter((x) => x === k).length === 1 ? 1 : 0));

/** Per property, every cell's value (row-major). */
const PROPERTIES: Record<string, (cells: Grid[], bg: number) => number[]> = {
  count: (cs, bg) => cs.map((c) => cellCount(c, bg)),
  colours: (cs, bg) => cs.map((c) => new Set(c.flat().filter((v) => v !== bg)).size),
  oddpattern: (cs) => unique(cs.map(pattern)),
  oddmask: (cs, bg) => unique(cs.map((c) => mask(c, bg))),
  oddcolour: (cs, bg) => unique(cs.map((c) => String(dominant(c, bg)))),
};

/** The cell of `g` with the unique highest (or lowest) value of `prop`, or null. */
function pick(g: Grid, prop: (cells: Grid[], bg: number) => number[], dir: 'max' | 'min'): Grid | null {
  const p = cellsOf(g);
  if (!p) return null;
  const cells = p.cells.flat(), vs = prop(cells, p.L.bg);
  const best = dir === 'max' ? Math.max(...vs) : Math.min(...vs);
  return vs.filter((v) => v === best).length === 1 ? cells[vs.indexOf(best)]! : null;
}

export const COMPARTMENT_LEARNERS: readonly Learner[] = [
  {
    name: 'compartment.rank',
    family: 'cells',
    cost: 2.6,
    rootOnly: true,
    fit(xs, ys) {
      if (!xs.every((x) => cellsOf(x))) return null;
      for (const [pname, prop] of Object.entries(PROPERTIES)) {
        for (const dir of ['max', 'min'] as const) {
          if (pname.startsWith('odd') && dir === 'min') continue;
          if (!xs.every((x, i) => { const c = pick(x, prop, dir); return c !== null && equal(c, ys[i]!); })) continue;
          return {
            text: `compartment.rank.${dir}${pname}`,
            cost: 2.6,
            apply: (g) => {
              const c = pick(g, prop, dir);
              return c && validColours(c) ? c.map((r) => r.slice()) : null;
            },
          };
        }
      }
      return null;
    },
  },
];
