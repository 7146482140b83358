/**
 * JSON Schema of the maze input forms (for docs and `GET /tasks`): an array of row strings, or
 * one string with rows separated by newlines. Answers use the same forms with `o` path marks.
 */

/** The input schema for a maze task whose largest side is `maxSize`. */
export function mazeInputSchema(maxSize: number): Record<string, unknown> {
  const row = {
    type: 'string',
    minLength: 2,
    maxLength: maxSize,
    pattern: '^[# .SG]+$',
    description: "One row: '#' wall, ' ' or '.' open, 'S' start, 'G' goal (exactly one S and one G in the maze).",
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `Maze (2×2 to ${maxSize}×${maxSize})`,
    description:
      "A rectangular maze. All rows have the same length; exactly one 'S' and one 'G'. The answer marks a shortest S→G path with 'o' (4-connected moves).",
    oneOf: [
      { type: 'array', minItems: 2, maxItems: maxSize, items: row, description: 'Rows, top to bottom.' },
      {
        type: 'string',
        pattern: '^[# .SG\\r\\n]+$',
        description: 'Rows separated by "\\n" (or "\\r\\n"); one trailing newline is allowed.',
      },
    ],
    examples: [['#####', '#S  #', '# # #', '#  G#', '#####']],
  };
}
