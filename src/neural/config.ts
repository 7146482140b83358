/**
 * The model configuration: one typed object, a default, strict validation, and the mapping
 * to and from the reference implementations' JSON config (the `__metadata__.config` of a
 * reference checkpoint): `TinyRecursiveReasoningModel_ACTV1Config` in
 * `models/recursive_reasoning/trm.py` (architecture 'trm') and `HierarchicalReasoningModel_ACTV1Config`
 * in the official HRM's `models/hrm/hrm_act_v1.py` (architecture 'hrm').
 *
 * Glossary (the paper's notation in brackets)
 *   S  — seqLen, tokens per puzzle row.
 *   P  — the puzzle-embedding prefix length ({@link effectivePuzzleEmbLen}).
 *   L  — S + P, the length of the latent states z_H [y] and z_L [z].
 *   H  — hiddenSize.
 *   T  — hCycles: recursion cycles per supervision step (TRM: T−1 without gradient, 1 with;
 *        HRM: z_H updates per step, only the last one with gradient).
 *   n  — lCycles: z_L updates per cycle.
 */
import { TrmError, invalidConfigField } from '../errors.js';

/** Positional encoding of the attention variant ('none' is what the mlp_t Sudoku model uses). */
export type PosEncoding = 'rope' | 'learned' | 'none';

/**
 * Which network: 'trm' — the Tiny Recursive Model (one reasoning module `L_level` for both
 * latents); 'hrm' — the Hierarchical Reasoning Model (`hrm_act_v1`: a high-level module `H_level`
 * of hLayers blocks and a low-level one `L_level` of lLayers blocks, one-step gradient).
 */
export type ArchitectureName = 'trm' | 'hrm';

export interface TrmConfig {
  /** The network: 'trm' (default) or 'hrm'. */
  readonly architecture: ArchitectureName;
  /** S: tokens per sequence the model reads and writes (81 for 9×9 Sudoku). */
  readonly seqLen: number;
  /** Number of token ids, including pad (0). */
  readonly vocabSize: number;
  /** Rows of the puzzle-embedding table (1 = only the blank identifier 0). */
  readonly numPuzzleIdentifiers: number;
  /** Width of one puzzle-embedding row; 0 disables the puzzle embedding (and the prefix). */
  readonly puzzleEmbNdim: number;
  /** P: prefix positions holding the puzzle embedding; 0 = derive ceil(puzzleEmbNdim / hiddenSize) (always 0 for HRM). */
  readonly puzzleEmbLen: number;
  /** H: width of every latent and token embedding. */
  readonly hiddenSize: number;
  /** SwiGLU width factor: inner = roundUp256(round(expansion · width · 2/3)). */
  readonly expansion: number;
  /** Attention heads (head dim = hiddenSize / numHeads); unused when mlpT. */
  readonly numHeads: number;
  /** Positions: 'rope' (rotary, on q and k), 'learned' (added table) or 'none'. */
  readonly posEncodings: PosEncoding;
  /** Replace self-attention by an MLP over the sequence axis (the paper's Sudoku model; TRM only). */
  readonly mlpT: boolean;
  /** HRM: blocks of the high-level module H_level (≥ 1). TRM has no H_level: 0. */
  readonly hLayers: number;
  /** Blocks of L_level: TRM's one reasoning module (the paper uses 2), HRM's low-level module. */
  readonly lLayers: number;
  /** T: cycles per supervision step (TRM: the first T−1 run without gradient). */
  readonly hCycles: number;
  /** n: z_L updates per cycle before the z_H update. */
  readonly lCycles: number;
  /** Maximum supervision steps (ACT); evaluation always runs exactly this many. */
  readonly haltMaxSteps: number;
  /** Probability that a training row gets a random minimum number of steps (exploration). */
  readonly haltExplorationProb: number;
  /** ε of the weightless RMS norm (1e-5 as in the reference). */
  readonly rmsNormEps: number;
  /** RoPE base θ (1e4 as in the reference). */
  readonly ropeTheta: number;
  /** true (the TRM paper): halt on sigmoid(q_halt) alone, no Q-continue bootstrap loss. HRM always bootstraps: false. */
  readonly noActContinue: boolean;
  /** Training batch size; informational (the model accepts any batch size). */
  readonly batchSize: number;
}

/**
 * The paper's Sudoku-Extreme model (TRM-MLP: mlp_t, no positional encoding, T=3, n=6, 2 layers,
 * H=512, 16 supervision steps). Presets for other tasks override fields of this.
 */
export const defaultConfig: TrmConfig = Object.freeze({
  architecture: 'trm',
  seqLen: 81,
  vocabSize: 11,
  numPuzzleIdentifiers: 1,
  puzzleEmbNdim: 512,
  puzzleEmbLen: 16,
  hiddenSize: 512,
  expansion: 4,
  numHeads: 8,
  posEncodings: 'none',
  mlpT: true,
  hLayers: 0,
  lLayers: 2,
  hCycles: 3,
  lCycles: 6,
  haltMaxSteps: 16,
  haltExplorationProb: 0.1,
  rmsNormEps: 1e-5,
  ropeTheta: 10000,
  noActContinue: true,
  batchSize: 768,
});

/**
 * The official HRM's Sudoku-Extreme model (`config/arch/hrm_v1.yaml`: H_cycles 2, L_cycles 2,
 * 4 + 4 layers, H=512, RoPE, 16 supervision steps, Q-continue bootstrap).
 */
export const hrmDefaultConfig: TrmConfig = Object.freeze({
  ...defaultConfig,
  architecture: 'hrm',
  puzzleEmbLen: 0,
  posEncodings: 'rope',
  mlpT: false,
  hLayers: 4,
  lLayers: 4,
  hCycles: 2,
  lCycles: 2,
  noActContinue: false,
});

/** The default config of an architecture ({@link defaultConfig} or {@link hrmDefaultConfig}). */
export function defaultConfigFor(architecture: ArchitectureName): TrmConfig {
  return architecture === 'hrm' ? hrmDefaultConfig : defaultConfig;
}

/** Fields that mean the same in both architectures (sizes, positions' θ, ACT settings). */
const SHARED_FIELDS: ReadonlyArray<keyof TrmConfig> = [
  'seqLen', 'vocabSize', 'numPuzzleIdentifiers', 'puzzleEmbNdim', 'hiddenSize', 'expansion', 'numHeads',
  'haltMaxSteps', 'haltExplorationProb', 'rmsNormEps', 'ropeTheta', 'batchSize',
];

/**
 * Config overrides (e.g. a task preset's `model`) as they apply to `architecture`: unchanged when
 * they were written for it (their `architecture`, default 'trm', matches), else only the fields
 * both architectures share — a TRM preset's mlp_t or cycle counts say nothing about an HRM.
 */
export function overridesFor(overrides: Partial<TrmConfig> | undefined, architecture: ArchitectureName): Partial<TrmConfig> {
  if (!overrides) return {};
  if ((overrides.architecture ?? 'trm') === architecture) return overrides;
  const out: Record<string, unknown> = {};
  for (const k of SHARED_FIELDS) if (overrides[k] !== undefined) out[k] = overrides[k];
  return out as Partial<TrmConfig>;
}

const CONFIG_KEYS: ReadonlyArray<keyof TrmConfig> = Object.keys(defaultConfig) as (keyof TrmConfig)[];
/** Fields a config written before HRM existed may lack, and their (TRM) values. */
const OPTIONAL_KEYS: Partial<TrmConfig> = { architecture: 'trm', hLayers: 0 };

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Python's round(): halves go to the even neighbour (round(2.5) = 2), as the reference's SwiGLU uses. */
export function pythonRound(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** SwiGLU inner width for an input width: round up to a multiple of 256 of round(expansion · width · 2/3). */
export function swigluInnerSize(width: number, expansion: number): number {
  return Math.ceil(pythonRound((expansion * width * 2) / 3) / 256) * 256;
}

/** P: the prefix length, ceil(puzzleEmbNdim / hiddenSize) when puzzleEmbLen is 0 (the reference's rule). */
export function effectivePuzzleEmbLen(c: Pick<TrmConfig, 'puzzleEmbLen' | 'puzzleEmbNdim' | 'hiddenSize'>): number {
  return c.puzzleEmbLen === 0 ? Math.ceil(c.puzzleEmbNdim / c.hiddenSize) : c.puzzleEmbLen;
}

/**
 * Check a config object field by field and return it typed. Throws TRM_ERR_INVALID_CONFIG naming
 * the field and the reason for a missing field, a wrong type or range, an unknown key, or a
 * combination the network cannot build (e.g. hiddenSize not divisible by numHeads).
 */
export function validateConfig(c: unknown): TrmConfig {
  if (!isPlainObject(c)) throw new TrmError('TRM_ERR_INVALID_CONFIG', `config must be an object, got ${c === null ? 'null' : Array.isArray(c) ? 'an array' : typeof c}`);
  for (const k of Object.keys(c)) {
    if (!(CONFIG_KEYS as readonly string[]).includes(k)) {
      throw invalidConfigField(k, `is not a config field (known fields: ${CONFIG_KEYS.join(', ')})`, c[k]);
    }
  }
  for (const k of CONFIG_KEYS) if (!Object.hasOwn(c, k) && !Object.hasOwn(OPTIONAL_KEYS, k)) throw invalidConfigField(k, 'is missing');
  if (c.architecture !== undefined && c.architecture !== 'trm' && c.architecture !== 'hrm') {
    throw invalidConfigField('architecture', `must be "trm" or "hrm", got ${JSON.stringify(c.architecture)}`, c.architecture);
  }
  const architecture: ArchitectureName = (c.architecture as ArchitectureName | undefined) ?? 'trm';
  if (!Object.hasOwn(c, 'hLayers') && architecture === 'hrm') throw invalidConfigField('hLayers', 'is missing (HRM needs the H_level block count)');

  const int = (k: keyof TrmConfig, min: number): number => {
    const v = Object.hasOwn(c, k) ? c[k] : OPTIONAL_KEYS[k];
    if (typeof v !== 'number' || !Number.isInteger(v)) throw invalidConfigField(k, `must be an integer, got ${JSON.stringify(v)}`, v);
    if (v < min) throw invalidConfigField(k, `must be ≥ ${min}, got ${v}`, v);
    return v;
  };
  const num = (k: keyof TrmConfig, check: (v: number) => boolean, range: string): number => {
    const v = c[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw invalidConfigField(k, `must be a finite number, got ${JSON.stringify(v)}`, v);
    if (!check(v)) throw invalidConfigField(k, `must be ${range}, got ${v}`, v);
    return v;
  };
  const bool = (k: keyof TrmConfig): boolean => {
    const v = c[k];
    if (typeof v !== 'boolean') throw invalidConfigField(k, `must be true or false, got ${JSON.stringify(v)}`, v);
    return v;
  };

  const out: TrmConfig = {
    architecture,
    seqLen: int('seqLen', 1),
    vocabSize: int('vocabSize', 2),
    numPuzzleIdentifiers: int('numPuzzleIdentifiers', 1),
    puzzleEmbNdim: int('puzzleEmbNdim', 0),
    puzzleEmbLen: int('puzzleEmbLen', 0),
    hiddenSize: int('hiddenSize', 1),
    expansion: num('expansion', (v) => v > 0, '> 0'),
    numHeads: int('numHeads', 1),
    posEncodings: c.posEncodings as PosEncoding,
    mlpT: bool('mlpT'),
    hLayers: int('hLayers', 0),
    lLayers: int('lLayers', 1),
    hCycles: int('hCycles', 1),
    lCycles: int('lCycles', 1),
    haltMaxSteps: int('haltMaxSteps', 1),
    haltExplorationProb: num('haltExplorationProb', (v) => v >= 0 && v <= 1, 'in [0, 1]'),
    rmsNormEps: num('rmsNormEps', (v) => v > 0, '> 0'),
    ropeTheta: num('ropeTheta', (v) => v > 0, '> 0'),
    noActContinue: bool('noActContinue'),
    batchSize: int('batchSize', 1),
  };
  if (!['rope', 'learned', 'none'].includes(out.posEncodings as string)) {
    throw invalidConfigField('posEncodings', `must be "rope", "learned" or "none", got ${JSON.stringify(c.posEncodings)}`, c.posEncodings);
  }
  if (!out.mlpT) {
    if (out.hiddenSize % out.numHeads !== 0) {
      throw invalidConfigField('numHeads', `must divide hiddenSize (${out.hiddenSize}), got ${out.numHeads}`, out.numHeads);
    }
    if (out.posEncodings === 'rope' && (out.hiddenSize / out.numHeads) % 2 !== 0) {
      throw invalidConfigField('numHeads', `gives an odd head dim ${out.hiddenSize / out.numHeads}; RoPE needs an even one`, out.numHeads);
    }
  }
  if (architecture === 'hrm') {
    // The official HRM has exactly these: two modules, attention, a derived prefix, Q-continue.
    if (out.hLayers < 1) throw invalidConfigField('hLayers', `must be ≥ 1 for architecture "hrm", got ${out.hLayers}`, out.hLayers);
    if (out.mlpT) throw invalidConfigField('mlpT', 'must be false for architecture "hrm" (HRM has no mlp_t variant)', out.mlpT);
    if (out.puzzleEmbLen !== 0) {
      throw invalidConfigField('puzzleEmbLen', `must be 0 for architecture "hrm" (its prefix is always ceil(puzzleEmbNdim / hiddenSize)), got ${out.puzzleEmbLen}`, out.puzzleEmbLen);
    }
    if (out.noActContinue) throw invalidConfigField('noActContinue', 'must be false for architecture "hrm" (HRM always trains the Q-continue bootstrap)', out.noActContinue);
  } else if (out.hLayers !== 0) {
    throw invalidConfigField('hLayers', `must be 0 for architecture "trm" (TRM has one reasoning module, L_level; hLayers is HRM's), got ${out.hLayers}`, out.hLayers);
  }
  if (out.puzzleEmbNdim === 0 && out.puzzleEmbLen !== 0) {
    // The reference would build a prefix of zero-width embeddings that does not fit its latents.
    throw invalidConfigField('puzzleEmbLen', `must be 0 when puzzleEmbNdim is 0, got ${out.puzzleEmbLen}`, out.puzzleEmbLen);
  }
  if (out.puzzleEmbLen * out.hiddenSize < out.puzzleEmbNdim && out.puzzleEmbLen !== 0) {
    throw invalidConfigField('puzzleEmbLen', `× hiddenSize (${out.puzzleEmbLen} × ${out.hiddenSize}) is smaller than puzzleEmbNdim (${out.puzzleEmbNdim}); the puzzle embedding does not fit the prefix`, out.puzzleEmbLen);
  }
  return out;
}

/**
 * Reference keys accepted but without effect here: we always compute in float32; attention is
 * always non-causal (the `causal` key create_model adds); `name` and `loss` (the arch section of
 * all_config.yaml) are read only to tell the architecture. TRM also ignores H_layers (unused there).
 */
const REFERENCE_IGNORED = ['forward_dtype', 'name', 'loss', 'causal'] as const;

/** reference key → our field, shared by both architectures */
const REFERENCE_KEYS_COMMON: Record<string, keyof TrmConfig> = {
  seq_len: 'seqLen',
  vocab_size: 'vocabSize',
  num_puzzle_identifiers: 'numPuzzleIdentifiers',
  puzzle_emb_ndim: 'puzzleEmbNdim',
  hidden_size: 'hiddenSize',
  expansion: 'expansion',
  num_heads: 'numHeads',
  pos_encodings: 'posEncodings',
  L_layers: 'lLayers',
  H_cycles: 'hCycles',
  L_cycles: 'lCycles',
  halt_max_steps: 'haltMaxSteps',
  halt_exploration_prob: 'haltExplorationProb',
  rms_norm_eps: 'rmsNormEps',
  rope_theta: 'ropeTheta',
  batch_size: 'batchSize',
};

/** reference key → our field, per architecture (`HierarchicalReasoningModel_ACTV1Config` has no puzzle_emb_len, mlp_t or no_ACT_continue). */
const REFERENCE_KEYS: Record<ArchitectureName, Record<string, keyof TrmConfig>> = {
  trm: { ...REFERENCE_KEYS_COMMON, puzzle_emb_len: 'puzzleEmbLen', mlp_t: 'mlpT', no_ACT_continue: 'noActContinue' },
  hrm: { ...REFERENCE_KEYS_COMMON, H_layers: 'hLayers' },
};

/** The reference's pydantic defaults for keys a reference config may omit, and HRM's fixed values. */
const REFERENCE_DEFAULTS: Record<ArchitectureName, Partial<TrmConfig>> = {
  trm: { architecture: 'trm', hLayers: 0, puzzleEmbNdim: 0, puzzleEmbLen: 16, rmsNormEps: 1e-5, ropeTheta: 10000, mlpT: false, noActContinue: true },
  hrm: { architecture: 'hrm', puzzleEmbNdim: 0, puzzleEmbLen: 0, rmsNormEps: 1e-5, ropeTheta: 10000, mlpT: false, noActContinue: false },
};

/** The `name` of each architecture in the reference configs (the arch section of all_config.yaml). */
export const REFERENCE_ARCH_NAMES: Record<ArchitectureName, string> = {
  trm: 'recursive_reasoning.trm@TinyRecursiveReasoningModel_ACTV1',
  hrm: 'hrm.hrm_act_v1@HierarchicalReasoningModel_ACTV1',
};

/**
 * The architecture a reference name denotes: 'hrm' for `hrm_act_v1` (`__metadata__.architecture`
 * of the HRM golden files), a config `name` like `hrm.hrm_act_v1@HierarchicalReasoningModel_ACTV1`,
 * the checkpoint format `hrm-reference`, or 'hrm' itself; 'trm' likewise for TRM's names
 * (`recursive_reasoning.trm@TinyRecursiveReasoningModel_ACTV1`, `trm-reference`, 'trm').
 * undefined for anything else.
 */
export function architectureFromReference(name: unknown): ArchitectureName | undefined {
  if (typeof name !== 'string') return undefined;
  const n = name.toLowerCase();
  if (n === 'hrm' || n.includes('hrm_act_v1') || n.includes('hierarchicalreasoningmodel') || n === 'hrm-reference') return 'hrm';
  if (n === 'trm' || n.includes('recursive_reasoning.trm') || n.includes('tinyrecursivereasoningmodel') || n === 'trm-reference') return 'trm';
  return undefined;
}

/**
 * Map a reference JSON config (snake_case keys as in `__metadata__.config` of a reference
 * checkpoint; also accepts the JSON string itself) to a validated TrmConfig. The architecture is
 * `options.architecture` (our name or a reference name, see {@link architectureFromReference}),
 * else the config's `name`, else 'trm'. Missing optional keys take the reference's defaults;
 * unknown keys are rejected (TRM_ERR_INVALID_CONFIG).
 */
export function configFromReference(obj: unknown, options: { architecture?: string } = {}): TrmConfig {
  let o = obj;
  if (typeof o === 'string') {
    try {
      o = JSON.parse(o);
    } catch (e) {
      throw new TrmError('TRM_ERR_INVALID_CONFIG', `reference config is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (!isPlainObject(o)) throw new TrmError('TRM_ERR_INVALID_CONFIG', 'reference config must be a JSON object');
  let arch: ArchitectureName = 'trm';
  if (options.architecture !== undefined) {
    const a = architectureFromReference(options.architecture);
    if (!a) throw new TrmError('TRM_ERR_INVALID_CONFIG', `unknown architecture ${JSON.stringify(options.architecture)} (known: trm, hrm, hrm_act_v1)`, { field: 'architecture' });
    arch = a;
  } else if (o.name !== undefined) {
    const a = architectureFromReference(o.name);
    if (!a) throw new TrmError('TRM_ERR_INVALID_CONFIG', `reference config name ${JSON.stringify(o.name)} is not a known architecture (TRM or HRM)`, { field: 'name' });
    arch = a;
  }
  const keys = REFERENCE_KEYS[arch];
  const out: Record<string, unknown> = { ...REFERENCE_DEFAULTS[arch] };
  for (const [k, v] of Object.entries(o)) {
    if ((REFERENCE_IGNORED as readonly string[]).includes(k) || (arch === 'trm' && k === 'H_layers')) continue;
    // TinyRecursiveModels' own HRM (config/arch/hrm.yaml) carries mlp_t: False, its default; only true differs from the official HRM.
    if (arch === 'hrm' && k === 'mlp_t') {
      if (v === false) continue;
      throw new TrmError('TRM_ERR_INVALID_CONFIG', 'reference config has mlp_t: true for HRM; trm-sdk\'s HRM is the official attention model (no mlp_t variant)', { field: k });
    }
    // Own keys only: a key such as "constructor" must not find Object.prototype's.
    const field = Object.hasOwn(keys, k) ? keys[k] : undefined;
    if (!field) {
      throw new TrmError('TRM_ERR_INVALID_CONFIG', `reference config key "${k}" is unknown for ${arch.toUpperCase()} (known: ${Object.keys(keys).join(', ')})`, { field: k });
    }
    out[field] = v;
  }
  for (const [k, field] of Object.entries(keys)) {
    if (!Object.hasOwn(out, field)) throw new TrmError('TRM_ERR_INVALID_CONFIG', `reference config is missing "${k}"`, { field: k });
  }
  return validateConfig(out);
}

/**
 * The reference JSON config for a TrmConfig: every key of its architecture's reference config
 * explicit, plus `name` (the reference's model name) and forward_dtype float32; a TRM config
 * writes H_layers 0.
 */
export function configToReference(c: TrmConfig): Record<string, string | number | boolean> {
  const v = validateConfig(c);
  const out: Record<string, string | number | boolean> = { name: REFERENCE_ARCH_NAMES[v.architecture] };
  for (const [k, field] of Object.entries(REFERENCE_KEYS[v.architecture])) out[k] = v[field];
  if (v.architecture === 'trm') out.H_layers = 0;
  out.forward_dtype = 'float32';
  return out;
}
