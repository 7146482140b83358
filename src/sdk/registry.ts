/**
 * The plugin registry: task plugins by name, in registration order, with the structural and
 * version checks a plugin must pass and named errors for duplicates and unknown tasks.
 *
 * A plain Map, not a dependency-injection container: nothing resolves services from a container
 * (the SDK owns the registry and passes plugins explicitly), so the container was indirection
 * without a user. See docs/decisions.md.
 */
import semver from 'semver';
import { TrmError, incompatiblePlugin } from '../errors.js';
import type { AnyTaskPlugin } from '../plugins/contract.js';
import { SDK_VERSION } from '../version.js';
import { didYouMeanSuffix } from '../util/did-you-mean.js';

const NAME_RE = /^[a-z][a-z0-9-]{0,63}$/;
const REQUIRED_FUNCTIONS = ['parse', 'parseAnswer', 'format', 'formatPuzzle', 'encode', 'decode', 'verify'] as const;

export class PluginRegistry {
  private readonly byName = new Map<string, AnyTaskPlugin>();

  /** Registers a plugin; throws TRM_ERR_DUPLICATE_PLUGIN or TRM_ERR_INCOMPATIBLE_PLUGIN with the reason. */
  register(plugin: AnyTaskPlugin): void {
    validatePlugin(plugin);
    if (this.byName.has(plugin.name)) {
      throw new TrmError('TRM_ERR_DUPLICATE_PLUGIN', `a plugin named "${plugin.name}" is already registered`, { name: plugin.name });
    }
    this.byName.set(plugin.name, plugin);
  }

  /** The plugin for `name`; throws TRM_ERR_UNKNOWN_TASK listing the known names. */
  get(name: string): AnyTaskPlugin {
    const p = this.byName.get(name);
    if (!p) {
      throw new TrmError('TRM_ERR_UNKNOWN_TASK', `unknown task "${String(name).slice(0, 64)}"${didYouMeanSuffix(String(name).slice(0, 64), this.names())}; known tasks: ${this.names().join(', ')}`, {
        task: String(name).slice(0, 64),
        known: this.names(),
      });
    }
    return p;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  /** All plugins, in registration order. */
  all(): AnyTaskPlugin[] {
    return [...this.byName.values()];
  }
}

/** Structural and version checks a plugin must pass before it is registered. */
export function validatePlugin(plugin: AnyTaskPlugin): void {
  const name = (plugin as { name?: unknown } | null)?.name;
  if (typeof plugin !== 'object' || plugin === null) throw incompatiblePlugin(name, 'a plugin must be an object');
  if (typeof plugin.name !== 'string' || !NAME_RE.test(plugin.name)) throw incompatiblePlugin(name, 'name must match /^[a-z][a-z0-9-]{0,63}$/');
  if (typeof plugin.version !== 'string' || !semver.valid(plugin.version)) throw incompatiblePlugin(name, `version "${String(plugin.version)}" is not a semver version`);
  if (typeof plugin.sdkVersion !== 'string' || !semver.validRange(plugin.sdkVersion)) throw incompatiblePlugin(name, `sdkVersion "${String(plugin.sdkVersion)}" is not a semver range`);
  if (!semver.satisfies(SDK_VERSION, plugin.sdkVersion, { includePrerelease: true })) {
    throw incompatiblePlugin(name, `it supports trm-sdk ${plugin.sdkVersion}, but this is trm-sdk ${SDK_VERSION}`);
  }
  for (const fn of REQUIRED_FUNCTIONS) {
    if (typeof (plugin as unknown as Record<string, unknown>)[fn] !== 'function') throw incompatiblePlugin(name, `missing method ${fn}()`);
  }
  const dt = plugin.defaultTimeoutMs;
  if (dt !== undefined && !(Number.isSafeInteger(dt) && dt >= 1 && dt <= 3_600_000)) {
    throw incompatiblePlugin(name, `defaultTimeoutMs must be an integer from 1 to 3600000 ms, got ${String(dt)}`);
  }
  const t = plugin.tokens;
  if (!t || !Number.isInteger(t.seqLen) || t.seqLen <= 0 || !Number.isInteger(t.vocabSize) || t.vocabSize < 2 ||
      !Number.isInteger(t.padId) || t.padId < 0 || t.padId >= t.vocabSize || !Number.isInteger(t.numPuzzleIdentifiers) || t.numPuzzleIdentifiers < 1) {
    throw incompatiblePlugin(name, 'tokens must give integer seqLen > 0, vocabSize ≥ 2, padId in [0, vocabSize), numPuzzleIdentifiers ≥ 1');
  }
}
