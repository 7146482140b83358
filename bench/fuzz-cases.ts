/**
 * Seeded generators of bad input for the fuzz harness (issue #13): HTTP requests of many kinds
 * (malformed JSON, wrong types, broken encodings, deep nesting, prototype keys, bad URIs, …) and
 * byte-level mutations of safetensors files. Shared by the bounded test (`test/fuzz/`) and the
 * long run (`bench/fuzz.ts`). Every case is a pure function of the RNG, so a seed reproduces it.
 */
import { deflateSync, gzipSync } from 'node:zlib';
import type { Rng } from '../src/util/rng.js';
import * as tf from '@tensorflow/tfjs';
import { expectedParamShapes } from '../src/neural/checkpoint.js';
import { configFromReference, type TrmConfig } from '../src/neural/config.js';

export interface FuzzRequest {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array | string | undefined;
  /** The request breaks a limit of the contract: anything but a 4xx is a defect (issue #23). */
  mustRefuse?: boolean;
}

const SUDOKU = '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79';
const MAZE = ['#######', '#S    #', '# ### #', '#   #G#', '#######'];
const ARC = { train: [{ input: [[1, 0], [0, 1]], output: [[0, 1], [1, 0]] }], test: [{ input: [[1, 1], [0, 0]] }] };
/** Tasks a fuzz request may name: the built-ins (no test task that holds a worker on purpose). */
export const FUZZ_TASKS = ['sudoku', 'sudoku-4x4', 'sudoku-6x6', 'maze', 'maze-11x11', 'arc', 'latin-square'];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)]!;

/** A random JSON value of bounded size and depth. */
export function randomJson(rng: Rng, depth = 3): unknown {
  const r = rng.int(depth > 0 ? 10 : 6);
  switch (r) {
    case 0: return null;
    case 1: return rng.next() < 0.5;
    case 2: return pick(rng, [0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, 81, 9, 256, 65]);
    case 3: return randomString(rng);
    case 4: return pick(rng, [SUDOKU, SUDOKU.slice(1), SUDOKU + '1', MAZE.join('\n'), '', ' ', '\u0000', '\ud800']);
    case 5: return pick(rng, [[], {}, [[]], [null], { geometry: null, cells: [] }, { attempts: null }]);
    case 6:
    case 7: return Array.from({ length: rng.int(6) }, () => randomJson(rng, depth - 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = rng.int(5); i > 0; i--) o[rng.next() < 0.3 ? pick(rng, PROTO_KEYS) : randomString(rng, 8)] = randomJson(rng, depth - 1);
      return o;
    }
  }
}

function randomString(rng: Rng, max = 40): string {
  const alphabet = 'abc.#SGo 0123456789{}[]":,\\/\n\t%é\u2028';
  let s = '';
  for (let i = rng.int(max); i > 0; i--) s += alphabet[rng.int(alphabet.length)];
  return s;
}

/** JSON text with a key of our choosing kept literally (JSON.stringify would drop "__proto__" set by assignment). */
function withKey(obj: Record<string, unknown>, key: string, value: unknown): string {
  const inner = JSON.stringify(obj).slice(1, -1);
  return `{${inner}${inner ? ',' : ''}${JSON.stringify(key)}:${JSON.stringify(value)}}`;
}

function nested(depth: number, open = '[', close = ']'): string {
  return open.repeat(depth) + close.repeat(depth);
}

const json = { 'content-type': 'application/json' };

/** Numbers that are not finite safe integers (or are out of every bound), as query text and as JSON tokens (issue #23). */
const BAD_NUMBERS = ['1e400', '-1e400', '-1', '1.5', 'NaN', 'Infinity', '-Infinity', '9007199254740993', '0x10', '1e3'];

/** An ARC task over one of the contract's limits: 101 pairs, 101 test inputs, a 31-row grid, a colour 10. */
function overLimitArc(rng: Rng): unknown {
  const g = [[1, 2], [3, 4]];
  switch (rng.int(4)) {
    case 0: return { train: Array.from({ length: 101 }, () => ({ input: g, output: g })), test: [{ input: g }] };
    case 1: return { train: [{ input: g, output: g }], test: Array.from({ length: 101 }, () => ({ input: g })) };
    case 2: return { train: [{ input: Array.from({ length: 31 }, () => [1]), output: g }], test: [{ input: g }] };
    default: return { train: [{ input: [[10]], output: g }], test: [{ input: g }] };
  }
}

/** The i-th generated bad request (19 kinds, in rotation, each drawn from the RNG). */
export function makeRequest(rng: Rng, i: number): FuzzRequest {
  const task = rng.next() < 0.9 ? pick(rng, FUZZ_TASKS) : pick(rng, ['nope', '%2e%2e', '__proto__', 'constructor', 'a'.repeat(300), 'SUDOKU']);
  const route = pick(rng, ['solve', 'verify']);
  const post = (kind: string, body: Uint8Array | string, headers: Record<string, string> = json, path = `/${route}/${task}`): FuzzRequest => ({ kind, method: 'POST', path, headers, body });
  const symbolic = { strategy: 'symbolic-only' };
  switch (i % 19) {
    case 0: return post('malformed-json', pick(rng, ['{', '{"puzzle":', '[1,', 'nul', '{"a":1}}', '\u0000', '{"puzzle":"x",}']) + randomString(rng, 5));
    case 1: return post('wrong-content-type', JSON.stringify({ puzzle: SUDOKU }), { 'content-type': pick(rng, ['text/plain', 'application/xml', 'multipart/form-data', 'application/json; charset=latin1', '']) });
    case 2: {
      const enc = pick(rng, ['gzip', 'deflate', 'br', 'compress', 'identity, gzip', 'x-garbage']);
      const body = rng.next() < 0.5 ? randomString(rng) : gzipSync('{"puzzle":').subarray(0, 10 + rng.int(20));
      return post('bad-content-encoding', body, { ...json, 'content-encoding': enc });
    }
    case 3: {
      const d = 60 + rng.int(6000);
      const where = pick(rng, ['answer', 'task', 'puzzle', 'options']);
      const body = where === 'task' ? `{"task":{"train":[],"test":[],"x":${nested(d)}}}` : where === 'answer' ? `{"puzzle":"${SUDOKU}","answer":${nested(d, '{"a":', '}')}}`.replace(/\{"a":\}/g, '{}') : `{"${where}":${nested(d)}}`;
      return post('deep-nesting', body);
    }
    case 4: return post('wrong-types', JSON.stringify({ puzzle: randomJson(rng), options: randomJson(rng) }));
    case 5: return post('bad-options', JSON.stringify({ puzzle: SUDOKU, options: { [pick(rng, ['maxSteps', 'vote', 'timeoutMs', 'strategy', 'symbolicLimit', 'signal', 'onStep'])]: randomJson(rng, 1) } }));
    // Always over the default TRM_MAX_WORK (250,000): at least 200 × 33 × 81 token-steps.
    case 6: return post('over-budget', JSON.stringify({ puzzle: SUDOKU, options: { maxSteps: 200 + rng.int(57), vote: 32 + rng.int(33) } }), json, '/solve/sudoku');
    case 7: return post('bad-puzzle', JSON.stringify({ [pick(rng, ['puzzle', 'maze', 'task'])]: randomJson(rng), options: symbolic }), json, `/solve/${task}`);
    case 8: return post('bad-answer', JSON.stringify({ puzzle: SUDOKU, answer: randomJson(rng) }), json, `/verify/${pick(rng, ['sudoku', 'sudoku-4x4', 'latin-square'])}`);
    case 9: return post('bad-arc', JSON.stringify({ task: rng.next() < 0.5 ? { ...ARC, test: randomJson(rng) } : { train: randomJson(rng), test: ARC.test }, ...(route === 'verify' ? { answer: randomJson(rng) } : { options: symbolic }) }), json, `/${route}/arc`);
    case 10: return post('bad-maze', JSON.stringify({ maze: rng.next() < 0.5 ? MAZE.map((r) => (rng.next() < 0.3 ? randomString(rng, 9) : r)) : randomString(rng, 60), ...(route === 'verify' ? { answer: randomJson(rng) } : { options: symbolic }) }), json, `/${route}/maze`);
    case 11: return post('prototype-keys', withKey({ puzzle: SUDOKU }, pick(rng, PROTO_KEYS), randomJson(rng, 1)));
    case 12: {
      const q = pick(rng, ['difficulty=' + randomString(rng, 40), 'seed=' + pick(rng, ['-1', '1e99', 'abc', '']), 'size=' + pick(rng, ['0', '999', 'x', '1.5']), 'n=3', 'difficulty=hard&difficulty=easy', '%']);
      return { kind: 'bad-generate', method: 'GET', path: `/generate/${task}?${q}`, headers: {} };
    }
    case 13: return { kind: 'bad-method', method: pick(rng, ['PUT', 'DELETE', 'PATCH', 'GET']), path: pick(rng, [`/solve/${task}`, `/verify/${task}`, '/health', '/tasks', '/nope']), headers: json, body: undefined };
    case 14: return { kind: 'bad-uri', method: pick(rng, ['GET', 'POST']), path: pick(rng, ['/generate/%E0', '/solve/%', '/verify/%E0%A4%A', '/solve/sudoku?stream=%ZZ', '/%00', '/solve/sudoku?stream=maybe', '/solve/sudoku?x=1']), headers: json, body: undefined };
    // An ARC task as JSON text over the object form's limits, or text that is not a task at all (issue #23, D2).
    case 16: {
      const text = rng.next() < 0.7 ? JSON.stringify(overLimitArc(rng)) : pick(rng, ['{"train":', nested(100), '"x"', JSON.stringify(randomJson(rng))]);
      const r = post('string-form', JSON.stringify({ task: text, ...(route === 'verify' ? { answer: { attempts: [[[[1]]]] } } : { options: { timeoutMs: 2000 } }) }), json, `/${route}/arc`);
      return { ...r, mustRefuse: true };
    }
    // A number that is not a finite safe integer within the contract: in the query of /generate or in solve options (issue #23, D3).
    case 17: {
      const n = pick(rng, BAD_NUMBERS);
      if (rng.next() < 0.5) {
        return { kind: 'bad-number', method: 'GET', path: `/generate/${pick(rng, ['sudoku', 'maze'])}?${pick(rng, ['seed', 'size'])}=${encodeURIComponent(n)}`, headers: {}, mustRefuse: true };
      }
      // In JSON `1e3` is the integer 1000, a valid option value: the body draws from the others.
      const b = n === '1e3' ? '1.5' : n;
      return { ...post('bad-number', `{"puzzle":"${SUDOKU}","options":{"${pick(rng, ['maxSteps', 'vote', 'timeoutMs'])}":${b}}}`, json, '/solve/sudoku'), mustRefuse: true };
    }
    case 15: return post('oversized', `{"puzzle":"${'.'.repeat(1_100_000 + rng.int(100_000))}"}`);
    default: {
      const body = pick<Uint8Array | string>(rng, ['', ' ', 'null', '[]', '"x"', '0', 'true', deflateSync('{}'), Buffer.from([0xff, 0xfe, 0x00, 0x7b])]);
      return post('odd-body', body);
    }
  }
}

/** A byte-level mutation of a file: flips, truncation, extension, header length and header text edits. */
export function mutateBytes(rng: Rng, src: Uint8Array): Uint8Array {
  const b = Uint8Array.from(src);
  const headerLen = b.length >= 8 ? Number(new DataView(b.buffer).getBigUint64(0, true)) : 0;
  switch (rng.int(7)) {
    case 0: {
      for (let k = 1 + rng.int(4); k > 0; k--) {
        const i = rng.int(b.length);
        b[i] = b[i]! ^ (1 << rng.int(8));
      }
      return b;
    }
    case 1: return b.subarray(0, rng.int(b.length));
    case 2: {
      const out = new Uint8Array(b.length + 1 + rng.int(64));
      out.set(b);
      return out;
    }
    case 3: {
      new DataView(b.buffer).setBigUint64(0, BigInt(pick(rng, [0, 1, headerLen - 1, headerLen + 1, b.length, 2 ** 40])), true);
      return b;
    }
    case 4: {
      // Flip a byte inside the header text (its JSON).
      if (headerLen > 0) b[8 + rng.int(Math.min(headerLen, b.length - 8))] = pick(rng, [0x22, 0x7b, 0x7d, 0x5b, 0x30, 0x2c, 0x20, 0xff]);
      return b;
    }
    case 5: {
      // Rewrite a number in the header (shapes, offsets).
      const text = new TextDecoder().decode(b.subarray(8, 8 + headerLen));
      const nums = [...text.matchAll(/\d+/g)];
      if (!nums.length) return b;
      const m = pick(rng, nums);
      const edited = text.slice(0, m.index) + pick(rng, ['0', '1', '99999999999', '-1', '1e3']) + text.slice(m.index! + m[0].length);
      const enc = new TextEncoder().encode(edited);
      const out = new Uint8Array(8 + enc.length + (b.length - 8 - headerLen));
      new DataView(out.buffer).setBigUint64(0, BigInt(enc.length), true);
      out.set(enc, 8);
      out.set(b.subarray(8 + headerLen), 8 + enc.length);
      return out;
    }
    default: {
      // Swap a dtype or a metadata value.
      const text = new TextDecoder().decode(b.subarray(8, 8 + headerLen));
      const edited = text.replace(pick(rng, [/"F32"/, /"format":"[^"]*"/, /"config":"/, /"step":"\d+"/]), pick(rng, ['"constructor"', '"F16"', '"I64"', '"format":"x"', '"config":"{\\"constructor\\":1}', '"step":"-1"']));
      const enc = new TextEncoder().encode(edited);
      const out = new Uint8Array(8 + enc.length + (b.length - 8 - headerLen));
      new DataView(out.buffer).setBigUint64(0, BigInt(enc.length), true);
      out.set(enc, 8);
      out.set(b.subarray(8 + headerLen), 8 + enc.length);
      return out;
    }
  }
}

/**
 * Whether an answer is a defect: a dropped connection or a 5xx, except a 504 for a request that
 * set its own `timeoutMs` (a tiny budget running out is the contract, not a bug).
 */
export function isDefect(r: FuzzRequest, status: number): boolean {
  if (status === 0) return true;
  if (status === 504 && typeof r.body === 'string' && r.body.includes('"timeoutMs"')) return false;
  return status >= 500;
}

/** Sends one fuzz request; resolves with the status (or 0 when the connection failed). */
export async function send(base: string, r: FuzzRequest): Promise<{ status: number; body: string }> {
  try {
    const res = await fetch(base + r.path, {
      method: r.method,
      headers: r.headers,
      ...(r.body !== undefined && r.method !== 'GET' ? { body: r.body } : {}),
      signal: AbortSignal.timeout(20_000),
    });
    return { status: res.status, body: await res.text() };
  } catch (e) {
    return { status: 0, body: e instanceof Error ? e.message : String(e) };
  }
}

/** The tiny random model whose checkpoint and training-state files the fuzzers mutate. */
export function tinyFuzzModel(): { config: TrmConfig; params: Map<string, tf.Variable> } {
  const config = configFromReference({
    batch_size: 2, seq_len: 4, num_puzzle_identifiers: 2, vocab_size: 3, H_cycles: 1, L_cycles: 1, L_layers: 1,
    hidden_size: 8, expansion: 1, num_heads: 2, halt_max_steps: 2, halt_exploration_prob: 0, puzzle_emb_ndim: 8,
    puzzle_emb_len: 1, pos_encodings: 'rope', mlp_t: false,
  });
  const params = new Map<string, tf.Variable>();
  for (const [n, s] of expectedParamShapes(config)) params.set(n, tf.variable(tf.randomUniform(s)));
  return { config, params };
}
