/**
 * Stamp a template object onto marker pixels: every single-cell object (a marker) gets a copy of
 * its template centred on it — the one larger object with the marker's colour, or the only larger
 * object when there is just one. "Copy the shape onto each dot" (training 88a10436, ConceptARC
 * Copy) is such a step; the template itself is kept (`objstamp`) or removed (`objstampmove`).
 *
 * The failure taxonomy (docs/arc.md) counts these among `per-object` and `object-motion` tasks
 * (the same shape, objects appear at other places). The template is chosen by the grid itself, so
 * nothing is learned: a plain primitive of cost 2 (one component pass per grid, cached).
 */
import { prim, type Primitive } from '../dsl.js';
import { background, equal, width, type Grid } from '../grid-ops.js';
import { components, SEGMENTATIONS, type ArcObject } from '../objects.js';

/** Most markers and templates a grid may hold for this step. */
const MAX_OBJECTS = 30;

/** The template for `m`: the one larger object holding its colour, else the only larger object. */
function templateFor(m: ArcObject, templates: readonly ArcObject[]): ArcObject | null {
  const same = templates.filter((t) => t.colours.includes(m.colour));
  if (same.length === 1) return same[0]!;
  return same.length === 0 && templates.length === 1 ? templates[0]! : null;
}

/**
 * Each marker (a one-cell object, 8-connected multicolour segmentation) replaced by its template
 * centred on it (templates need odd height and width); cells falling off the grid are dropped.
 * Null when there is no marker, a marker has no template, or nothing changes.
 */
/**
 * A grid's markers (one-cell objects) and candidate templates (the larger objects), 8-connected
 * multicolour segmentation; null unless there are both, and at most MAX_OBJECTS objects.
 */
export function markersAndTemplates(g: Grid): { markers: ArcObject[]; templates: ArcObject[] } | null {
  const objs = components(g, SEGMENTATIONS[2]!.seg, background(g));
  if (objs.length < 2 || objs.length > MAX_OBJECTS) return null;
  const markers = objs.filter((o) => o.size === 1), templates = objs.filter((o) => o.size > 1);
  return markers.length && templates.length ? { markers, templates } : null;
}

function stampOnMarkers(g: Grid, keepTemplate: boolean): Grid | null {
  const bg = background(g), H = g.length, W = width(g);
  const found = markersAndTemplates(g);
  if (!found) return null;
  const { markers, templates } = found;
  const out = g.map((row) => row.slice());
  const stamps: [ArcObject, ArcObject][] = [];
  for (const m of markers) {
    const t = templateFor(m, templates);
    if (!t || (t.bottom - t.top) % 2 === 0 || (t.right - t.left) % 2 === 0) return null;
    stamps.push([m, t]);
  }
  if (!keepTemplate) for (const t of new Set(stamps.map(([, t]) => t))) for (const [r, c] of t.cells) out[r]![c] = bg;
  for (const [m, t] of stamps) {
    const [mr, mc] = m.cells[0]!;
    const dr = mr - (t.top + (t.bottom - t.top - 1) / 2), dc = mc - (t.left + (t.right - t.left - 1) / 2);
    out[mr]![mc] = bg;
    for (const [r, c] of t.cells) {
      const y = r + dr, x = c + dc;
      if (y >= 0 && y < H && x >= 0 && x < W) out[y]![x] = g[r]![c]!;
    }
  }
  return equal(out, g) ? null : out;
}

export const OBJECT_STAMP: readonly Primitive[] = [
  prim('objstamp', 'object-stamp', (g) => stampOnMarkers(g, true), 2),
  prim('objstampmove', 'object-stamp', (g) => stampOnMarkers(g, false), 2),
];
