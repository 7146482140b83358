/**
 * Sample puzzles per shape (text form), each with exactly one solution (a test checks). Used by
 * the demo, the docs and the playground.
 */

/** 9×9: an easy one (the Wikipedia example, solved by singles) and a hard one (Arto Inkala's "world's hardest"). */
export const SUDOKU_9X9_SAMPLES: readonly string[] = [
  '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79',
  '8..........36......7..9.2...5...7.......457.....1...3...1....68..85...1..9....4..',
];

/** 6×6 (boxes 2 rows × 3 columns), from this package's generator: an easy and a hard one. */
export const SUDOKU_6X6_SAMPLES: readonly string[] = [
  '2...1.4........3...2......5.21.1...5',
  '6.2..5..4.......6...32.4...6......4.',
];

/** 4×4, from this package's generator. */
export const SUDOKU_4X4_SAMPLES: readonly string[] = ['13.......42.....', '...21..3....3..1'];
