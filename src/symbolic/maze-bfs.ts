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

/** A usable limit: an integer in [1, 2^53 − 1] (NaN and values below 1 become 1, Infinity the maximum). */
export function normalizeLimit(limit: number | undefined, fallback: number): number {
  const l = limit ?? fallback;
  if (Number.isNaN(l) || l < 1) return 1;
  return Math.min(MAX_LIMIT, Math.floor(l));
}

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
  const cap = normalizeLimit(limit, MAX_LIMIT);
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
  const cap = normalizeLimit(limit, MAX_LIMIT);
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
  /** Number of distinct shortest paths, capped at `limit` (0 when unreachable). */
  readonly count: number;
  /** Up to `limit` distinct shortest paths, each a list of cell indices from source to target. */
  readonly paths: number[][];
  /** True when `paths` holds min(count, limit) paths (false when `shouldStop` cut the listing short). */
  readonly complete: boolean;
  /** Nodes expanded by the BFS (the search effort; the listing adds O(distance) per path). */
  readonly expanded: number;
}

/**
 * Counts the shortest paths from `source` to `target` (saturating at `limit`) and lists up to
 * `limit` distinct ones, all from one BFS.
 *
 * Why listing is cheap: a depth-first walk backwards from the target through cells one step
 * closer to the source never hits a dead end (every such cell reaches the source by a shortest
 * path), so each path costs O(distance) no matter how many shortest paths exist.
 */
export function shortestPaths(graph: GridGraph, source: number, target: number, options: EnumerateOptions = {}): ShortestPaths {
  const limit = normalizeLimit(options.limit, 1);
  const { dist, count: counts, expanded } = bfs(graph, source, target, limit);
  const d = dist[target] ?? -1;
  if (d < 0) return { distance: -1, count: 0, paths: [], complete: true, expanded };
  const count = counts[target]!;
  const want = Math.min(count, limit);

  const { rows, cols } = graph;
  const paths: number[][] = [];
  // Explicit stack of (cell, next predecessor slot) per depth, so long paths cannot overflow the call stack.
  const cell = new Int32Array(d + 1);
  const slot = new Int8Array(d + 1);
  const preds = new Int32Array((d + 1) * 4);
  const predCount = new Int8Array(d + 1);
  const nb = new Int32Array(4);
  const enter = (depth: number, v: number): void => {
    cell[depth] = v;
    slot[depth] = 0;
    const k = neighbours(rows, cols, v, nb);
    let m = 0;
    for (let j = 0; j < k; j++) if (dist[nb[j]!] === d - depth - 1) preds[depth * 4 + m++] = nb[j]!;
    predCount[depth] = m;
  };
  // depth counts steps back from the target: cell[depth] is d − depth steps from the source.
  let depth = 0;
  enter(0, target);
  let complete = true;
  while (depth >= 0) {
    if (depth === d) {
      const path = new Array<number>(d + 1);
      for (let j = 0; j <= d; j++) path[j] = cell[d - j]!;
      paths.push(path);
      if (paths.length >= want) break;
      if (options.shouldStop?.()) {
        complete = false;
        break;
      }
      depth--;
      continue;
    }
    const s = slot[depth]!;
    if (s >= predCount[depth]!) {
      depth--;
      continue;
    }
    slot[depth] = s + 1;
    depth++;
    enter(depth, preds[(depth - 1) * 4 + s]!);
  }
  return { distance: d, count, paths, complete, expanded };
}
