/** Human-readable form of `trm-sdk inspect <checkpoint>` (the work is the SDK's: src/sdk/checkpoints.ts). */
import type { InspectResult } from '../sdk/checkpoints.js';

const group = (n: number): string => n.toLocaleString('en-US');

/** Human-readable report of `inspectCheckpoint`'s result. */
export function formatInspect(info: InspectResult): string {
  const lines: string[] = [];
  lines.push(`checkpoint  ${info.path}`);
  if (info.provenance) lines.push(`source      PyTorch ${info.provenance.format} file, sha256 ${info.provenance.sha256}, config from ${info.provenance.configFrom}`);
  const parts = [`trainable ${group(info.trainableParameterCount)}`];
  if (info.puzzleEmbeddingParameterCount) parts.push(`puzzle embedding ${group(info.puzzleEmbeddingParameterCount)}`);
  if (info.bufferParameterCount) parts.push(`H_init/L_init ${group(info.bufferParameterCount)}`);
  lines.push(`parameters  ${group(info.parameterCount)} (${parts.join(' + ')})`);
  lines.push('config');
  const keys = Object.keys(info.config) as (keyof InspectResult['config'])[];
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
