/**
 * The JSON Schema of the accepted input forms (for docs, `GET /tasks` and request validation):
 * a string of N² cells, an N×N array of numbers (0/null blank), or a flat array of N² numbers.
 * The schema states the shape; `parseSudoku` gives the precise errors.
 */
import type { SudokuGeometry } from './geometry.js';

/** The input JSON Schema for a geometry. */
export function sudokuInputSchema(g: SudokuGeometry, title: string): Record<string, unknown> {
  const n = g.size, total = n * n;
  const cell = { oneOf: [{ type: 'integer', minimum: 0, maximum: n }, { type: 'null' }], description: `digit 1-${n}; 0 or null = blank` };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title,
    description: `A ${n}×${n} Sudoku (boxes ${g.boxRows}×${g.boxCols}), row-major.`,
    oneOf: [
      {
        type: 'string',
        description: `${total} cells: digits 1-${n}, '.' or '0' for blanks; whitespace ignored`,
        pattern: `^(\\s*[0-${n}.]){${total}}\\s*$`,
        examples: ['.'.repeat(total)],
      },
      { type: 'array', description: `${n} rows of ${n} cells`, minItems: n, maxItems: n, items: { type: 'array', minItems: n, maxItems: n, items: cell } },
      { type: 'array', description: `${total} cells, row-major`, minItems: total, maxItems: total, items: cell },
    ],
  };
}
