/**
 * Breadth-first search over a 4-connected grid: shortest distance, one shortest path, the number
 * of shortest paths (saturating at a limit) and enumeration of distinct shortest paths.
 *
 * Pure functions over plain arrays, independent of any plugin type, so the maze plugin, the
 * generator, the verifier and benchmarks all share one implementation. Cells are addressed by
 * their row-major index `r * cols + c`.
 */

/** A grid graph: `passable[i]` is truthy where cell `i` (row-major) may be walked on. */
export interface GridGraph {
  readonly rows: number;
  readonly cols: number;
  readonly passable: ArrayLike<number | boolean>;
}

/** Result of {@link bfs}: distances from the source and (saturated) shortest-path counts. */
export interface BfsResult {
  /** Steps from the source per cell; -1 where not reached (unreachable, or beyond the target when stopped early). */
  readonly dist: Int32Array;
  /** Number of distinct shortest paths from the source to each reached cell, capped at `limit`. */
  readonly count: Float64Array;
  /** Nodes taken off the queue and expanded (the search effort). */
  readonly expanded: number;
}

/** Saturated counts stay exact below 2^53; larger limits are clamped to keep arithmetic exact. */
const MAX_LIMIT = Number.MAX_SAFE_INTEGER;

/**
 * Writes the 4-neighbours of cell `i` into `out` and returns how many there are. Order: up, left,
 * right, down (fixed, so paths are deterministic).
 */
export function neighbours(rows: number, cols: number, i: number, out: Int32Array): number {
  const r = (i / cols) | 0;
  const c = i - r * cols;
  let n = 0;
  if (r > 0) out[n++] = i - cols;
  if (c > 0) out[n++] = i - 1;
  if (c < cols - 1) out[n++] = i + 1;
  if (r < rows - 1) out[n++] = i + cols;
  return n;
}

/**
 * BFS from `source`. When `target` is given the search stops as soon as the target is expanded:
 * at that moment every cell closer than the target has been expanded, so `dist` of those cells
 * and `count[target]` are final. Counts saturate at `limit` (default: 2^53 − 1).
 * A non-passable source yields no reached cells.
 */
export function bfs(graph: GridGraph, source: number, target = -1, limit = MAX_LIMIT): BfsResult {
  const { rows, cols, passable } = graph;
  const n = rows * cols;
  const cap = Math.max(1, Math.min(MAX_LIMIT, Math.floor(limit)));
  const dist = new Int32Array(n).fill(-1);
  const count = new Float64Array(n);
  if (source < 0 || source >= n || !passable[source]) return { dist, count, expanded: 0 };
  const queue = new Int32Array(n);
  const nb = new Int32Array(4);
  let head = 0;
  let tail = 0;
  queue[tail++] = source;
  dist[source] = 0;
  count[source] = 1;
  let expanded = 0;
  while (head < tail) {
    const u = queue[head++]!;
    expanded++;
    if (u === target) break;
    const du = dist[u]! + 1;
    const cu = count[u]!;
    const k = neighbours(rows, cols, u, nb);
    for (let j = 0; j < k; j++) {
      const v = nb[j]!;
      if (!passable[v]) continue;
      const dv = dist[v]!;
      if (dv === -1) {
        dist[v] = du;
        count[v] = cu;
        queue[tail++] = v;
      } else if (dv === du) {
        // Another shortest way into v: add, but saturate so huge open grids stay exact and cheap.
        const s = count[v]! + cu;
        count[v] = s > cap ? cap : s;
      }
    }
  }
  return { dist, count, expanded };
}

/** Number of steps of a shortest path from `source` to `target`, or -1 when the target is unreachable. */
export function shortestDistance(graph: GridGraph, source: number, target: number): number {
  return bfs(graph, source, target).dist[target] ?? -1;
}

/** Summary of the shortest paths between two cells. */
export interface ShortestPathCount {
  /** Steps of a shortest path; -1 when unreachable. */
  readonly distance: number;
  /** Number of distinct shortest paths, capped at `limit` (0 when unreachable). */
  readonly count: number;
  /** True when the true count is at least `limit` (so `count` is only a lower bound). */
  readonly saturated: boolean;
  /** Nodes expanded. */
  readonly expanded: number;
}

/**
 * Counts the distinct shortest paths from `source` to `target`, saturating at `limit`
 * (`limit: 2` answers "is the shortest path unique?").
 */
export function countShortestPaths(graph: GridGraph, source: number, target: number, limit = MAX_LIMIT): ShortestPathCount {
  const cap = Math.max(1, Math.min(MAX_LIMIT, Math.floor(limit)));
  const res = bfs(graph, source, target, cap);
  const distance = res.dist[target] ?? -1;
  const count = distance < 0 ? 0 : res.count[target]!;
  return { distance, count, saturated: count >= cap, expanded: res.expanded };
}

/**
 * One shortest path from `source` to `target` as cell indices (both ends included), or null when
 * the target is unreachable.
 */
export function shortestPath(graph: GridGraph, source: number, target: number): number[] | null {
  const { dist } = bfs(graph, source, target);
  return firstPathBack(graph, dist, target);
}

/** Walks back from `target` along strictly decreasing distances, taking the first predecessor each time. */
function firstPathBack(graph: GridGraph, dist: Int32Array, target: number): number[] | null {
  const d = dist[target] ?? -1;
  if (d < 0) return null;
  const path = new Array<number>(d + 1);
  const nb = new Int32Array(4);
  let v = target;
  path[d] = v;
  for (let step = d - 1; step >= 0; step--) {
    const k = neighbours(graph.rows, graph.cols, v, nb);
    let next = -1;
    for (let j = 0; j < k; j++) {
      if (dist[nb[j]!] === step) {
        next = nb[j]!;
        break;
      }
    }
    // Cannot happen for a BFS distance field (every cell at distance s>0 has a neighbour at s−1).
    if (next < 0) return null;
    path[step] = next;
    v = next;
  }
  return path;
}

/** Options for {@link shortestPaths}. */
export interface EnumerateOptions {
  /** Stop after this many paths (default 1). */
  readonly limit?: number;
  /** Called between paths; returning true stops the enumeration early (timeouts, abort signals). */
  readonly shouldStop?: () => boolean;
}

/** Result of {@link shortestPaths}. */
export interface ShortestPaths {
  /** Steps of a shortest path; -1 when unreachable. */
  readonly distance: number;
  /** Up to `limit` distinct shortest paths, each a list of cell indices from source to target. */
  readonly paths: number[][];
  /** True when every shortest path was listed or the limit was reached (false when stopped early). */
  readonly complete: boolean;
  /** Nodes expanded by the BFS plus nodes visited while enumerating. */
  readonly expanded: number;
}

/**
 * Lists up to `limit` distinct shortest paths from `source` to `target`.
 *
 * Why it is cheap: a depth-first walk backwards from the target through cells one step closer to
 * the source never hits a dead end (every such cell reaches the source by a shortest path), so
 * each path costs O(distance) no matter how many shortest paths exist.
 */
export function shortestPaths(graph: GridGraph, source: number, target: number, options: EnumerateOptions = {}): ShortestPaths {
  const limit = Math.max(1, Math.floor(options.limit ?? 1));
  const { dist, expanded } = bfs(graph, source, target);
  const d = dist[target] ?? -1;
  if (d < 0) return { distance: -1, paths: [], complete: true, expanded };

  const { rows, cols } = graph;
  const paths: number[][] = [];
  // Explicit stack of (cell, next neighbour slot) per depth, so long paths cannot overflow the call stack.
  const cell = new Int32Array(d + 1);
  const slot = new Int8Array(d + 1);
  const nbs = new Int32Array((d + 1) * 4);
  const nbCount = new Int8Array(d + 1);
  const nb = new Int32Array(4);
  let visited = 0;
  const enter = (depth: number, v: number): void => {
    cell[depth] = v;
    slot[depth] = 0;
    const k = neighbours(rows, cols, v, nb);
    let m = 0;
    for (let j = 0; j < k; j++) if (dist[nb[j]!] === d - depth - 1) nbs[depth * 4 + m++] = nb[j]!;
    nbCount[depth] = m;
    visited++;
  };
  // depth counts steps back from the target: cell[depth] has distance d − depth from the source.
  let depth = 0;
  enter(0, target);
  let complete = true;
  while (depth >= 0) {
    if (depth === d) {
      const path = new Array<number>(d + 1);
      for (let j = 0; j <= d; j++) path[j] = cell[d - j]!;
      paths.push(path);
      if (paths.length >= limit) break;
      if (options.shouldStop?.()) {
        complete = false;
        break;
      }
      depth--;
      continue;
    }
    const s = slot[depth]!;
    if (s >= nbCount[depth]!) {
      depth--;
      continue;
    }
    slot[depth] = s + 1;
    const v = nbs[depth * 4 + s]!;
    depth++;
    enter(depth, v);
  }
  return { distance: d, paths, complete, expanded: expanded + visited };
}
