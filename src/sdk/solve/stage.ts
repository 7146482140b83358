/**
 * A solve stage: one way of producing a verified answer. It returns a finished result when it
 * verified one, or null to hand over to the next stage (after recording its best failed candidate
 * in the context). `applies` decides, from the options and what is loaded, whether it runs at all.
 */
import type { SolveResult } from '../result.js';
import type { SolveContext } from './context.js';

export interface SolveStage {
  /** Stage name, for docs and traces. */
  readonly name: string;
  applies(ctx: SolveContext): boolean;
  run(ctx: SolveContext): Promise<SolveResult | null>;
}
