/**
 * Type tests (checked by `vitest --typecheck`, part of `npm test`): results are typed per built-in
 * task, the training types are exported, and misuse of the plugin contract fails to compile.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  definePlugin,
  solve,
  type BuiltinTaskTypes,
  type Preset,
  type SolveResult,
  type TrainProgress,
  type TrainRequest,
  type TrainResult,
  type TrmConfig,
} from '../../src/index.js';

describe('typed results per task', () => {
  it('sudoku answers are strings, maze answers rows, ARC answers attempts', () => {
    expectTypeOf(solve('sudoku', '')).resolves.toHaveProperty('formatted').toEqualTypeOf<string | null>();
    expectTypeOf(solve('maze', [])).resolves.toHaveProperty('formatted').toEqualTypeOf<string[] | null>();
    expectTypeOf(solve('arc', {})).resolves.toHaveProperty('formatted').toEqualTypeOf<BuiltinTaskTypes['arc']['formatted'] | null>();
    // A user task's name gives the untyped result.
    expectTypeOf(solve('queens-8', [])).resolves.toEqualTypeOf<SolveResult>();
  });
});

describe('training types are exported', () => {
  it('TrainRequest, TrainResult, TrainProgress, Preset and TrmConfig', () => {
    expectTypeOf<TrainRequest>().toHaveProperty('task').toEqualTypeOf<string>();
    expectTypeOf<TrainResult>().toHaveProperty('config').toEqualTypeOf<TrmConfig>();
    expectTypeOf<TrainProgress>().toHaveProperty('step').toEqualTypeOf<number>();
    expectTypeOf<Preset>().toHaveProperty('model');
    expectTypeOf<TrmConfig>().toHaveProperty('architecture').toEqualTypeOf<'trm' | 'hrm'>();
  });
});

describe('the plugin contract rejects misuse at compile time', () => {
  const base = {
    name: 'toy',
    version: '1.0.0',
    description: 'toy',
    sdkVersion: '^0.1.0',
    tokens: { seqLen: 1, vocabSize: 2, padId: 0, numPuzzleIdentifiers: 1 },
    parse: (input: unknown): number => Number(input),
    parseAnswer: (input: unknown): number => Number(input),
    format: (a: number): string => String(a),
    formatPuzzle: (p: number): string => String(p),
    encode: (_p: number) => ({ inputs: [new Int32Array(1)], puzzleIdentifiers: [0] }),
    decode: (_rows: readonly Int32Array[], _p: number): number => 0,
    verify: (_p: number, _a: number) => ({ ok: true, violations: [] }),
  };

  it('accepts a well-typed plugin and infers its types', () => {
    const p = definePlugin(base);
    expectTypeOf(p.parse).returns.toEqualTypeOf<number>();
  });

  it('a verify whose answer type disagrees with decode does not compile', () => {
    // @ts-expect-error verify takes the Answer type that decode returns (number), not a string
    definePlugin({ ...base, verify: (_p: number, _a: string) => ({ ok: true, violations: [] }) });
  });

  it('a plugin without verify does not compile', () => {
    const { verify: _v, ...noVerify } = base;
    // @ts-expect-error verify is required: it is the single source of truth
    definePlugin(noVerify);
  });

  it('a solveSymbolic returning the wrong shape does not compile', () => {
    // @ts-expect-error solveSymbolic must return { solutions, count, complete, effort }
    definePlugin({ ...base, solveSymbolic: (_p: number) => 42 });
  });
});
