/**
 * pass@2 answer assembly: the plugin's `combineCandidates`.
 *
 * The solve loop ranks candidate answers (e.g. one per augmentation, mapped back to the original
 * task; verified ones first). For ARC two attempts are scored per test input, so the best use of
 * them is the two best *different* grids: duplicates would waste the second attempt.
 */
import { cloneGrid, gridProblem, gridsEqual } from '../../symbolic/arc/grid/grid.js';
import { MAX_ATTEMPTS, type ArcAnswer, type ArcTask, type Grid } from '../../symbolic/arc/grid/types.js';

/**
 * Merges candidates ranked best first: for each test input, the first two distinct valid grids
 * in rank order (each candidate's attempts in their own order). A test input no candidate
 * answers gets `[[0]]`, so the result is always a well-formed answer. Never throws.
 */
export function combineArcCandidates(ranked: readonly ArcAnswer[], puzzle: ArcTask): ArcAnswer {
  return {
    attempts: puzzle.test.map((_, i) => {
      const chosen: Grid[] = [];
      for (const cand of ranked) {
        const list: unknown = cand?.attempts?.[i];
        if (!Array.isArray(list)) continue;
        for (const g of list) {
          if (chosen.length >= MAX_ATTEMPTS) break;
          if (gridProblem(g, 'candidate') !== null) continue;
          if (!chosen.some((c) => gridsEqual(c, g as Grid))) chosen.push(cloneGrid(g as Grid));
        }
        if (chosen.length >= MAX_ATTEMPTS) break;
      }
      return chosen.length ? chosen : [[[0]]];
    }),
  };
}
