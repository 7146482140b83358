/**
 * "Did you mean …?" for a mistyped name: the known names within a small edit distance of what was
 * typed (optimal string alignment: insertions, deletions, substitutions and swaps of neighbours
 * each cost 1, so `soduku` → `sudoku` is 2 and `hybird` → `hybrid` is 1).
 */

/** Edit distance with adjacent transpositions (optimal string alignment), case-insensitive. */
export function editDistance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  // d[i][j]: distance between a[0..i) and b[0..j); three rows are enough for the swap rule.
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The known names closest to `typed`, nearest first, if any is close: within 2 edits, or a third
 * of the name's length for long names. A name the typed text is a prefix of also counts
 * (`sudoku-4` → `sudoku-4x4`). Empty when nothing is close (then say nothing rather than guess).
 */
export function closestNames(typed: string, known: readonly string[]): string[] {
  const t = typed.trim();
  if (!t) return [];
  const scored = known
    .map((name) => {
      const d = editDistance(t, name);
      const limit = Math.max(2, Math.floor(name.length / 3));
      const prefix = t.length >= 3 && name.toLowerCase().startsWith(t.toLowerCase());
      return { name, d: prefix ? Math.min(d, 1) : d, ok: d <= limit || prefix };
    })
    .filter((x) => x.ok && x.name !== t);
  if (!scored.length) return [];
  const best = Math.min(...scored.map((x) => x.d));
  return scored.filter((x) => x.d === best).map((x) => x.name);
}

/** `did you mean "sudoku"?` (or `"a" or "b"`), or '' when nothing is close. */
export function didYouMean(typed: string, known: readonly string[]): string {
  const near = closestNames(typed, known);
  if (!near.length) return '';
  return `did you mean ${near.map((n) => `"${n}"`).join(' or ')}?`;
}

/** ` (did you mean "sudoku"?)` to put after the unknown name, or '' when nothing is close. */
export function didYouMeanSuffix(typed: string, known: readonly string[]): string {
  const d = didYouMean(typed, known);
  return d ? ` (${d})` : '';
}
