/**
 * Which engine runs a model's inference: ONNX Runtime (`onnxruntime-node`, an optional
 * dependency: native multi-threaded kernels, CUDA where its libraries are installed) or
 * TensorFlow.js (always there; training always uses it). Chosen per SDK / model by the `engine`
 * option, else `TRM_ENGINE`, else ONNX Runtime whenever it loads. A fallback to tfjs is logged
 * once per process with its reason. The execution provider comes from `TRM_EP` (cuda | cpu),
 * else CUDA when ORT's CUDA provider library is installed, else CPU.
 */
import os from 'node:os';
import { TrmError } from '../errors.js';

export type EngineName = 'onnxruntime' | 'tfjs';
export const ENGINES: readonly EngineName[] = ['onnxruntime', 'tfjs'];

/** The engine option or `TRM_ENGINE`, validated; undefined = automatic (ONNX Runtime when it loads). */
export function requestedEngine(option?: string): { engine: EngineName | undefined; by: string } {
  const raw = option ?? process.env.TRM_ENGINE;
  const by = option !== undefined ? 'the engine option' : 'TRM_ENGINE';
  if (raw === undefined || raw.trim() === '' || raw.trim().toLowerCase() === 'auto') return { engine: undefined, by: 'default' };
  const v = raw.trim().toLowerCase();
  const engine = v === 'ort' || v === 'onnx' ? 'onnxruntime' : v;
  if (!(ENGINES as readonly string[]).includes(engine)) {
    throw new TrmError('TRM_ERR_INVALID_OPTIONS', `${by} must be "onnxruntime" or "tfjs" (or "auto"), got ${JSON.stringify(raw)}`, { option: 'engine', value: raw });
  }
  return { engine: engine as EngineName, by };
}

/** `TRM_EP`: 'cuda' | 'cpu', or undefined (automatic). */
export function requestedProvider(): 'cuda' | 'cpu' | undefined {
  const raw = process.env.TRM_EP?.trim().toLowerCase();
  if (!raw || raw === 'auto') return undefined;
  if (raw !== 'cuda' && raw !== 'cpu') throw new TrmError('TRM_ERR_INVALID_OPTIONS', `TRM_EP must be "cuda" or "cpu", got ${JSON.stringify(process.env.TRM_EP)}`, { option: 'TRM_EP' });
  return raw;
}

/**
 * ONNX Runtime intra-op threads for this process: `TRM_ORT_THREADS`, else every core. The REST
 * pool sets `TRM_ORT_THREADS` = cores / workers for its workers, so that workers × threads ≤ cores.
 */
export function ortThreads(): number {
  const v = Number(process.env.TRM_ORT_THREADS);
  if (Number.isInteger(v) && v >= 1) return v;
  return Math.max(1, os.availableParallelism());
}

const said = new Set<string>();
/** Logs a line once per process (engine fallbacks), on stderr, unless TRM_QUIET. */
export function logOnce(line: string): void {
  if (said.has(line)) return;
  said.add(line);
  if (!process.env.TRM_QUIET) console.warn(line);
}
