import { describe, expect, it } from 'vitest';
import { bfs, countShortestPaths, shortestDistance, shortestPath, shortestPaths, type GridGraph } from '../../src/symbolic/maze-bfs.js';
import { createRng, type Rng } from '../../src/util/rng.js';

/** Brute force: every simple path from s to t by DFS; returns the shortest length and how many have it. */
function bruteForce(g: GridGraph, s: number, t: number): { distance: number; count: number } {
  const { rows, cols, passable } = g;
  const seen = new Uint8Array(rows * cols);
  let best = Infinity;
  let count = 0;
  const dfs = (u: number, len: number): void => {
    if (u === t) {
      if (len < best) { best = len; count = 1; } else if (len === best) count++;
      return;
    }
    if (len >= best) return; // cannot tie or beat the best any more
    seen[u] = 1;
    const r = Math.floor(u / cols), c = u % cols;
    const nbs = [r > 0 ? u - cols : -1, c > 0 ? u - 1 : -1, c < cols - 1 ? u + 1 : -1, r < rows - 1 ? u + cols : -1];
    for (const v of nbs) if (v >= 0 && passable[v] && !seen[v]) dfs(v, len + 1);
    seen[u] = 0;
  };
  if (passable[s] && passable[t]) dfs(s, 0);
  return best === Infinity ? { distance: -1, count: 0 } : { distance: best, count };
}

function randomGrid(rng: Rng): { g: GridGraph; s: number; t: number } {
  const rows = 2 + rng.int(4);
  const cols = 2 + rng.int(4);
  const passable = Array.from({ length: rows * cols }, () => (rng.next() < 0.7 ? 1 : 0));
  const s = rng.int(rows * cols);
  let t = rng.int(rows * cols);
  if (t === s) t = (s + 1) % (rows * cols);
  passable[s] = 1;
  passable[t] = 1;
  return { g: { rows, cols, passable }, s, t };
}

/** Checks that `path` is a walk of unit steps over passable cells from s to t. */
function isValidPath(g: GridGraph, path: number[], s: number, t: number): boolean {
  if (path[0] !== s || path[path.length - 1] !== t) return false;
  for (let i = 0; i < path.length; i++) {
    if (!g.passable[path[i]!]) return false;
    if (i > 0) {
      const a = path[i - 1]!, b = path[i]!;
      const dr = Math.abs(Math.floor(a / g.cols) - Math.floor(b / g.cols));
      const dc = Math.abs((a % g.cols) - (b % g.cols));
      if (dr + dc !== 1) return false;
    }
  }
  return new Set(path).size === path.length;
}

describe('maze BFS', () => {
  it('agrees with brute-force DFS on shortest distance and number of shortest paths (300 random small grids)', () => {
    const rng = createRng(42);
    let reachable = 0;
    for (let k = 0; k < 300; k++) {
      const { g, s, t } = randomGrid(rng);
      const truth = bruteForce(g, s, t);
      expect(shortestDistance(g, s, t)).toBe(truth.distance);
      const counted = countShortestPaths(g, s, t);
      expect(counted.distance).toBe(truth.distance);
      expect(counted.count).toBe(truth.count);
      const listed = shortestPaths(g, s, t, { limit: 1000 });
      expect(listed.count).toBe(truth.count);
      expect(listed.paths.length).toBe(truth.count);
      expect(new Set(listed.paths.map((p) => p.join(','))).size).toBe(truth.count);
      for (const p of listed.paths) {
        expect(isValidPath(g, p, s, t)).toBe(true);
        expect(p.length - 1).toBe(truth.distance);
      }
      const one = shortestPath(g, s, t);
      if (truth.distance < 0) expect(one).toBeNull();
      else {
        reachable++;
        expect(isValidPath(g, one!, s, t)).toBe(true);
        expect(one!.length - 1).toBe(truth.distance);
      }
    }
    expect(reachable).toBeGreaterThan(100); // the sample exercises both cases
  });

  it('counts exactly 2 shortest paths around a central wall, and saturates at the limit', () => {
    // #####
    // #S  #
    // # # #
    // #  G#
    // #####
    const rows = ['#####', '#S  #', '# # #', '#  G#', '#####'];
    const g: GridGraph = { rows: 5, cols: 5, passable: rows.join('').split('').map((ch) => (ch === '#' ? 0 : 1)) };
    const s = 1 * 5 + 1, t = 3 * 5 + 3;
    expect(countShortestPaths(g, s, t)).toMatchObject({ distance: 4, count: 2, saturated: false });
    expect(countShortestPaths(g, s, t, 2)).toMatchObject({ count: 2, saturated: true });
    expect(countShortestPaths(g, s, t, 1)).toMatchObject({ count: 1, saturated: true });
    const listed = shortestPaths(g, s, t, { limit: 10 });
    expect(listed.paths.map((p) => p.join(',')).sort()).toEqual(['6,11,16,17,18', '6,7,8,13,18']);
    expect(listed.complete).toBe(true);
  });

  it('saturates huge counts on an open grid without losing exactness below the limit', () => {
    const g: GridGraph = { rows: 30, cols: 30, passable: new Uint8Array(900).fill(1) };
    // C(58, 29) ≈ 3e16 shortest corner-to-corner paths: more than 2^53, so the cap must hold.
    const c = countShortestPaths(g, 0, 899, 1e6);
    expect(c).toMatchObject({ distance: 58, count: 1e6, saturated: true });
    // Small corner: a 3×3 open grid has C(4,2) = 6 corner-to-corner shortest paths.
    const g3: GridGraph = { rows: 3, cols: 3, passable: [1, 1, 1, 1, 1, 1, 1, 1, 1] };
    expect(countShortestPaths(g3, 0, 8).count).toBe(6);
    expect(shortestPaths(g3, 0, 8, { limit: Infinity }).paths).toHaveLength(6);
  });

  it('stops listing when shouldStop says so, keeping the paths found', () => {
    const g: GridGraph = { rows: 6, cols: 6, passable: new Uint8Array(36).fill(1) };
    const r = shortestPaths(g, 0, 35, { limit: 100, shouldStop: () => true });
    expect(r.paths).toHaveLength(1);
    expect(r.complete).toBe(false);
    expect(r.count).toBe(100);
  });

  it('handles unreachable targets and blocked sources', () => {
    const g: GridGraph = { rows: 1, cols: 3, passable: [1, 0, 1] };
    expect(shortestDistance(g, 0, 2)).toBe(-1);
    expect(countShortestPaths(g, 0, 2, 2)).toMatchObject({ distance: -1, count: 0, saturated: false });
    expect(shortestPaths(g, 0, 2)).toMatchObject({ distance: -1, count: 0, paths: [], complete: true });
    expect(bfs(g, 1).expanded).toBe(0);
    expect(shortestDistance(g, 0, 0)).toBe(0);
  });
});
