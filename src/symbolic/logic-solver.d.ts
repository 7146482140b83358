/**
 * logic-solver ships no type declarations. Declared opaque here, so its default import (the
 * CommonJS `module.exports`, in Node and in bundlers alike) type-checks; sudoku-sat.ts describes
 * the little it uses.
 */
declare module 'logic-solver' {
  const logic: unknown;
  export default logic;
}
