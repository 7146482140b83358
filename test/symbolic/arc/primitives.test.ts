import { describe, expect, it } from 'vitest';
import { ARC_LEARNERS, ARC_PRIMITIVES, primitiveByName, primitivesFor, components } from '../../../src/symbolic/arc/index.js';
import type { Grid } from '../../../src/symbolic/arc/grid/types.js';

const P = (name: string) => {
  const p = primitiveByName(name);
  if (!p) throw new Error(`no primitive ${name}`);
  return (g: Grid) => p.apply(g);
};
const L = (name: string) => ARC_LEARNERS.find((l) => l.name === name)!;

describe('DSL registry', () => {
  it('has 40+ uniquely named one-word primitives', () => {
    const names = ARC_PRIMITIVES.map((p) => p.name);
    expect(names.length).toBeGreaterThanOrEqual(40);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z][a-zA-Z0-9_]*$/);
  });
  it('adds per-colour primitives for colours every input shows', () => {
    const task = { train: [{ input: [[0, 3], [5, 0]], output: [[1]] }], test: [{ input: [[3, 5, 0]] }] };
    const names = primitivesFor(task).map((p) => p.name);
    expect(names).toContain('keep(3)');
    expect(names).toContain('erase(5)');
  });
});

describe('geometry', () => {
  const g = [[1, 2], [3, 4], [5, 6]];
  it('dihedral transforms', () => {
    expect(P('rot90')(g)).toEqual([[2, 4, 6], [1, 3, 5]]);
    expect(P('rot180')(g)).toEqual([[6, 5], [4, 3], [2, 1]]);
    expect(P('flip_h')(g)).toEqual([[2, 1], [4, 3], [6, 5]]);
    expect(P('flip_v')(g)).toEqual([[5, 6], [3, 4], [1, 2]]);
    expect(P('transpose')(g)).toEqual([[1, 3, 5], [2, 4, 6]]);
  });
  it('crop to non-background', () => {
    expect(P('crop')([[0, 0, 0], [0, 2, 3], [0, 0, 4]])).toEqual([[2, 3], [0, 4]]);
    expect(P('crop')([[0, 0]])).toBeNull();
  });
  it('upscale, downscale, tile', () => {
    expect(P('upscale2')([[1, 2]])).toEqual([[1, 1, 2, 2], [1, 1, 2, 2]]);
    expect(P('downscale')([[1, 1, 2, 2], [1, 1, 2, 2]])).toEqual([[1, 2]]);
    expect(P('tile2')([[1, 2]])).toEqual([[1, 2, 1, 2], [1, 2, 1, 2]]);
  });
  it('mirrored concatenations', () => {
    expect(P('mirrorh')([[1, 2]])).toEqual([[1, 2, 2, 1]]);
    expect(P('mirrorv')([[1], [2]])).toEqual([[1], [2], [2], [1]]);
    expect(P('mirror4')([[1, 2]])).toEqual([[1, 2, 2, 1], [1, 2, 2, 1]]);
  });
  it('compress, dropempty, halves, fractal', () => {
    expect(P('compress')([[1, 1, 2], [1, 1, 2], [3, 3, 3]])).toEqual([[1, 2], [3, 3]]);
    expect(P('dropempty')([[1, 0, 2], [0, 0, 0], [3, 0, 0]])).toEqual([[1, 2], [3, 0]]);
    expect(P('left')([[1, 2, 3, 4]])).toEqual([[1, 2]]);
    expect(P('bottom')([[1], [2], [3]])).toEqual([[3]]);
    expect(P('fractal')([[1, 0], [0, 1]])).toEqual([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]);
  });
});

describe('colour', () => {
  const g = [[0, 1, 1], [2, 1, 0], [0, 0, 0]];
  it('majority / minority / keep / unify / invert', () => {
    expect(P('majority')(g)).toEqual([[1]]);
    expect(P('minority')(g)).toEqual([[2]]);
    expect(P('keepmajor')(g)).toEqual([[0, 1, 1], [0, 1, 0], [0, 0, 0]]);
    expect(P('keepminor')(g)).toEqual([[0, 0, 0], [2, 0, 0], [0, 0, 0]]);
    expect(P('unify')(g)).toEqual([[0, 1, 1], [1, 1, 0], [0, 0, 0]]);
    expect(P('invert')([[0, 3]])).toEqual([[10, 0]]);
  });
});

describe('objects', () => {
  const g = [
    [1, 1, 0, 2],
    [1, 1, 0, 0],
    [0, 0, 0, 3],
    [4, 0, 0, 3],
  ];
  it('connected components with 4/8 connectivity and multicolour', () => {
    expect(components(g, { diag: false, multi: false }).map((o) => o.size)).toEqual([4, 1, 2, 1]);
    expect(components([[1, 0], [0, 1]], { diag: true, multi: false }).length).toBe(1);
    expect(components([[1, 2, 0]], { diag: false, multi: true }).length).toBe(1);
    expect(components([[1, 2, 0]], { diag: false, multi: false }).length).toBe(2);
  });
  it('crop to largest / smallest (ties give null) / unique colour', () => {
    expect(P('largest')(g)).toEqual([[1, 1], [1, 1]]);
    expect(P('smallest')(g)).toBeNull();
    expect(P('smallest')([[1, 1, 0, 2]])).toEqual([[2]]);
    expect(P('uniqcolour')([[1, 0, 1, 0, 2]])).toEqual([[2]]);
  });
  it('keep largest / denoise / drop border objects', () => {
    expect(P('keeplargest')(g)).toEqual([[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]);
    expect(P('denoise')(g)).toEqual([[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 0, 3], [0, 0, 0, 3]]);
    expect(P('dropborder')([[1, 0, 0], [0, 0, 0], [0, 2, 0], [0, 0, 0]])).toEqual([[0, 0, 0], [0, 0, 0], [0, 2, 0], [0, 0, 0]]);
  });
});

describe('physics and drawing', () => {
  it('gravity of cells and of objects', () => {
    expect(P('falldown')([[1, 0], [0, 0], [2, 0]])).toEqual([[0, 0], [1, 0], [2, 0]]);
    expect(P('fallleft')([[0, 1, 0, 2]])).toEqual([[1, 2, 0, 0]]);
    expect(P('dropdown')([[1, 1], [0, 1], [0, 0]])).toEqual([[0, 0], [1, 1], [0, 1]]);
  });
  it('fill enclosed regions with the placeholder colour', () => {
    expect(P('fill')([[1, 1, 1], [1, 0, 1], [1, 1, 1]])).toEqual([[1, 1, 1], [1, 10, 1], [1, 1, 1]]);
    expect(P('fill')([[0, 1]])).toBeNull();
  });
  it('lines and rays', () => {
    expect(P('hlines')([[0, 0, 0], [0, 2, 0]])).toEqual([[0, 0, 0], [2, 2, 2]]);
    expect(P('cross')([[0, 0], [0, 3]])).toEqual([[0, 3], [3, 3]]);
    expect(P('raydown')([[4, 0], [0, 0]])).toEqual([[4, 0], [4, 0]]);
    expect(P('connect')([[5, 0, 0, 5], [0, 0, 0, 0]])).toEqual([[5, 5, 5, 5], [0, 0, 0, 0]]);
  });
  it('outline and interior', () => {
    expect(P('outline4')([[0, 0, 0], [0, 1, 0], [0, 0, 0]])).toEqual([[0, 10, 0], [10, 1, 10], [0, 10, 0]]);
    expect(P('interior')([[1, 1, 1, 0], [1, 1, 1, 0], [1, 1, 1, 0]])).toEqual([[1, 1, 1, 0], [1, 10, 1, 0], [1, 1, 1, 0]]);
  });
});

describe('split', () => {
  it('splits by separator lines and overlays', () => {
    const g = [[1, 0, 5, 0, 0], [0, 0, 5, 0, 2]];
    expect(P('overlay')(g)).toEqual([[1, 0], [0, 2]]);
    expect(P('firstpart')(g)).toEqual([[1, 0], [0, 0]]);
    expect(P('lastpart')(g)).toEqual([[0, 0], [0, 2]]);
  });
});

describe('learners', () => {
  it('colormap learns a consistent table and names the placeholder colour', () => {
    const f = L('colormap').fit([[[1, 10]], [[10, 2]]], [[[1, 4]], [[4, 2]]]);
    expect(f?.text).toBe('colormap{10→4}');
    expect(f?.apply([[10, 1]])).toEqual([[4, 1]]);
    expect(L('colormap').fit([[[1, 1]]], [[[2, 3]]])).toBeNull();
  });
  it('tile learns a mirrored layout', () => {
    const f = L('tile').fit([[[1, 2]]], [[[1, 2, 2, 1]]]);
    expect(f).not.toBeNull();
    expect(f!.apply([[3, 4]])).toEqual([[3, 4, 4, 3]]);
  });
  it('combine learns a cellwise boolean of two halves with its colour', () => {
    // AND of left and right halves (separator 5), output colour 3.
    const xs = [[[1, 0, 5, 1, 1], [0, 0, 5, 0, 0]], [[1, 1, 5, 0, 1], [1, 0, 5, 1, 0]]];
    const ys = [[[3, 0], [0, 0]], [[0, 3], [3, 0]]];
    const f = L('combine').fit(xs, ys);
    expect(f).not.toBeNull();
    expect(f!.apply([[1, 1, 5, 1, 0], [0, 1, 5, 1, 1]])).toEqual([[3, 0], [0, 3]]);
  });
  it('a local rule refuses keys it never saw', () => {
    const f = L('local.cross').fit([[[0, 1]]], [[[2, 1]]]);
    expect(f).not.toBeNull();
    expect(f!.apply([[1, 0]])).toBeNull();
  });
});

describe('pattern repair', () => {
  it('fills masked cells from the smallest period, or from a mirror symmetry', () => {
    expect(P('repair')([[1, 2, 1, 2], [3, 4, 0, 4], [1, 0, 1, 2]])).toEqual([[1, 2, 1, 2], [3, 4, 3, 4], [1, 2, 1, 2]]);
    expect(P('symrepair')([[1, 2, 0], [3, 4, 3]])).toEqual([[1, 2, 1], [3, 4, 3]]);
    expect(P('sympatch')([[1, 2, 0], [3, 4, 3]])).toEqual([[1]]);
    expect(P('rowmajority')([[1, 1, 2], [3, 0, 3]])).toEqual([[1, 1, 1], [3, 3, 3]]);
  });
});

describe('colormap on unseen colours', () => {
  it('keeps an unseen colour only when the map just names the placeholder', () => {
    const named = L('colormap').fit([[[1, 10]]], [[[1, 4]]])!;
    expect(named.apply([[7, 10]])).toEqual([[7, 4]]);
    const recolour = L('colormap').fit([[[1, 2]]], [[[3, 2]]])!;
    expect(recolour.apply([[1, 2]])).toEqual([[3, 2]]);
    expect(recolour.apply([[1, 7]])).toBeNull();
  });
});
