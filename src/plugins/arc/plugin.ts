/**
 * The ARC task plugin (Abstraction and Reasoning Corpus, ARC-AGI-1/2 Kaggle JSON layout).
 *
 * Puzzle = ArcTask, Answer = ArcAnswer (1–2 attempt grids per test input, pass@2).
 * `verify` is an output validator, not a correctness check (see verify.ts); scoring against
 * known solutions is `scoreArc`. Answers come from the symbolic program search (src/symbolic/arc),
 * `searchPrograms`, which is given `verifyArc` as its validator.
 */
import { definePlugin, type ProgramSearchResult } from '../contract.js';
import { solveArcProgram } from '../../symbolic/arc/index.js';
import { ARC_AUGMENTATIONS } from './augment.js';
import { combineArcCandidates } from './combine.js';
import { formatArcAnswer, formatArcTask } from './format.js';
import { MAX_ARC_PAIRS, parseArcAnswer, parseArcTask } from './parse.js';
import { ARC_SAMPLES } from './samples.js';
import { ARC_TOKENS, decodeArc, encodeArc } from './tokens.js';
import type { ArcAnswer, ArcTask } from '../../symbolic/arc/grid/types.js';
import { verifyArc } from './verify.js';

const gridSchema = {
  type: 'array',
  minItems: 1,
  maxItems: 30,
  items: { type: 'array', minItems: 1, maxItems: 30, items: { type: 'integer', minimum: 0, maximum: 9 } },
  description: 'Rows of colours 0–9 (0 = background); all rows the same length; 1–30 rows and columns.',
} as const;

const taskSchema = {
  type: 'object',
  required: ['train', 'test'],
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 200 },
    train: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_ARC_PAIRS,
      items: { type: 'object', required: ['input', 'output'], properties: { input: gridSchema, output: gridSchema } },
    },
    test: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_ARC_PAIRS,
      items: { type: 'object', required: ['input'], properties: { input: gridSchema, output: gridSchema } },
    },
  },
} as const;

export const ARC_INPUT_SCHEMA: Record<string, unknown> = {
  title: 'ARC task',
  description: 'An ARC task in the official JSON layout (demonstration pairs and test inputs), or the same object as a JSON string.',
  oneOf: [taskSchema, { type: 'string', description: 'The task object as JSON text.' }],
};

/** The plugin's program search: the symbolic ARC solver (src/symbolic/arc) as a ProgramSearchResult. */
function searchArcAnswer(task: ArcTask, options: { timeoutMs: number; signal?: AbortSignal }): ProgramSearchResult<ArcAnswer> {
  const r = solveArcProgram(task, { timeoutMs: options.timeoutMs, validate: verifyArc, ...(options.signal ? { signal: options.signal } : {}) });
  const found = r.programs.length > 0;
  const stats: Record<string, number | boolean> = {};
  for (const [k, v] of Object.entries(r.stats)) if (typeof v === 'number' || typeof v === 'boolean') stats[k] = v;
  return {
    answer: found ? { attempts: r.attempts } : null,
    program: r.programs[0]?.text ?? null,
    programs: r.programs,
    verification: r.verification,
    ...(found && r.reason !== undefined ? { reason: r.reason } : {}),
    stats,
  };
}

export const arcPlugin = definePlugin<ArcTask, ArcAnswer>({
  name: 'arc',
  version: '0.1.0',
  sdkVersion: '^0.1.0',
  // The search spends whatever it is given when nothing fits, so the default is what a user should
  // wait for an answer (issue #19: within 10 s), not the SDK's general 30 s.
  defaultTimeoutMs: 10_000,
  description:
    'ARC (Abstraction and Reasoning Corpus): infer a grid transformation from a few demonstration pairs and apply it to ' +
    'each test input; answers are 1–2 attempt grids per test input (pass@2). Tokens follow the TRM paper (30×30 canvas, ' +
    'vocab 12). verify is an output validator — it checks grids against rules inferred from the demonstrations ' +
    '(shape, colours) and never rejects a correct answer, but passing it does not mean correct (there is no ground truth ' +
    'at inference). Answers come from a bounded program search (a DSL of grid transformations; verified when a short program ' +
    'reproduces every demonstration pair and passes leave-one-out: no program as simple fits all pairs but one and misses ' +
    'that one) and from a model when one is loaded.',
  samples: ARC_SAMPLES,
  inputSchema: ARC_INPUT_SCHEMA,

  parse: parseArcTask,
  parseAnswer: parseArcAnswer,
  format: formatArcAnswer,
  formatPuzzle: formatArcTask,

  tokens: ARC_TOKENS,
  encode: encodeArc,
  decode: decodeArc,

  verify: verifyArc,
  verifies: 'validator-only',
  searchPrograms: searchArcAnswer,
  combineCandidates: combineArcCandidates,
  augmentations: ARC_AUGMENTATIONS,
});
