/**
 * `trm-sdk inspect <checkpoint>`: what a checkpoint holds — its config, parameter count, tensors
 * and metadata — after the same validation a model load does.
 */
import { loadCheckpoint } from '../neural/checkpoint.js';
import type { TrmConfig } from '../neural/config.js';
import { paramSpecs } from '../neural/model.js';

export interface InspectResult {
  readonly path: string;
  readonly config: TrmConfig;
  /** Every number in the checkpoint (network + puzzle-embedding table). */
  readonly parameterCount: number;
  /** The weights the main optimizer (AdamW) trains. */
  readonly trainableParameterCount: number;
  /** Rows × width of the puzzle-embedding table (trained by sign-SGD); 0 if there is none. */
  readonly puzzleEmbeddingParameterCount: number;
  /** Fixed buffers: the initial latents H_init and L_init. */
  readonly bufferParameterCount: number;
  readonly tensors: { name: string; shape: number[]; dtype: string }[];
  /** `__metadata__` without `config` (shown as `config` above). */
  readonly metadata: Record<string, string>;
}

const PUZZLE_EMB = 'inner.puzzle_emb.weights';

/** Load and validate a checkpoint and summarise it. Throws what {@link loadCheckpoint} throws. */
export async function inspectCheckpoint(path: string): Promise<InspectResult> {
  const ck = await loadCheckpoint(path);
  const tensors = [...ck.tensors].map(([name, t]) => ({ name, shape: [...t.shape], dtype: t.dtype })).sort((a, b) => (a.name < b.name ? -1 : 1));
  const count = (s: number[]): number => s.reduce((a, b) => a * b, 1);
  const parameterCount = tensors.reduce((n, t) => n + count(t.shape), 0);
  const emb = tensors.find((t) => t.name === PUZZLE_EMB);
  const puzzleEmbeddingParameterCount = emb ? count(emb.shape) : 0;
  const trainableParameterCount = paramSpecs(ck.config).filter((s) => s.trainable).reduce((n, s) => n + count(s.shape), 0);
  const { config: _omit, ...metadata } = ck.metadata;
  return {
    path,
    config: ck.config,
    parameterCount,
    trainableParameterCount,
    puzzleEmbeddingParameterCount,
    bufferParameterCount: parameterCount - trainableParameterCount - puzzleEmbeddingParameterCount,
    tensors,
    metadata,
  };
}

const group = (n: number): string => n.toLocaleString('en-US');

/** Human-readable report of {@link inspectCheckpoint}'s result. */
export function formatInspect(info: InspectResult): string {
  const lines: string[] = [];
  lines.push(`checkpoint  ${info.path}`);
  const parts = [`trainable ${group(info.trainableParameterCount)}`];
  if (info.puzzleEmbeddingParameterCount) parts.push(`puzzle embedding ${group(info.puzzleEmbeddingParameterCount)}`);
  if (info.bufferParameterCount) parts.push(`H_init/L_init ${group(info.bufferParameterCount)}`);
  lines.push(`parameters  ${group(info.parameterCount)} (${parts.join(' + ')})`);
  lines.push('config');
  const keys = Object.keys(info.config) as (keyof TrmConfig)[];
  const w = Math.max(...keys.map((k) => k.length));
  for (const k of keys) lines.push(`  ${k.padEnd(w)}  ${String(info.config[k])}`);
  lines.push(`tensors (${info.tensors.length})`);
  const nw = Math.max(...info.tensors.map((t) => t.name.length));
  for (const t of info.tensors) lines.push(`  ${t.name.padEnd(nw)}  ${t.dtype}  [${t.shape.join(', ')}]`);
  const md = Object.entries(info.metadata);
  if (md.length) {
    lines.push('metadata');
    for (const [k, v] of md) lines.push(`  ${k}: ${v.length > 200 ? `${v.slice(0, 200)}…` : v}`);
  }
  return lines.join('\n');
}
