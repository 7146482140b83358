/**
 * User plugins from a module path, for the CLI's `--plugin <module>` and the server's workers
 * (functions cannot cross threads, so workers receive the module's path and import it again).
 * A plugin module exports its plugin as the default export or as named exports; every export
 * that looks like a task plugin is registered, and `validatePlugin` checks each one.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TrmError } from '../errors.js';
import type { AnyTaskPlugin } from '../plugins/contract.js';

/**
 * A module specifier as import() takes it, resolved from `cwd` (the user's project, not this
 * package): a path becomes a file URL; a package path (`trm-sdk/examples/latin-square.js`,
 * `my-plugins/queens.js`, `@me/plugins`) is resolved through `cwd`'s node_modules and the
 * package's exports. A name that is both a file under `cwd` and a package path is the file.
 */
export function moduleSpecifier(spec: string, cwd = process.cwd()): string {
  if (/^(file|data|node):/.test(spec)) return spec;
  const explicitPath = spec.startsWith('.') || path.isAbsolute(spec);
  const looksLikePath = explicitPath || spec.startsWith('/') || spec.includes(path.sep) || /\.[cm]?js$/.test(spec);
  const abs = path.resolve(cwd, spec);
  if (looksLikePath && fs.existsSync(abs)) return pathToFileURL(abs).href;
  if (!explicitPath) {
    try {
      return pathToFileURL(createRequire(path.join(cwd, 'package.json')).resolve(spec)).href;
    } catch {
      // not a package path either: say what was looked for below
    }
  }
  if (!looksLikePath) return spec;
  throw new TrmError('TRM_ERR_IO', `plugin module ${spec} not found (looked for ${abs}${explicitPath ? '' : ' and for a package path in node_modules'})`, { path: abs });
}

function looksLikePlugin(v: unknown): v is AnyTaskPlugin {
  return typeof v === 'object' && v !== null && typeof (v as { name?: unknown }).name === 'string' && typeof (v as { verify?: unknown }).verify === 'function' && typeof (v as { parse?: unknown }).parse === 'function';
}

/** Imports `spec` and returns the task plugins it exports (default first); TRM_ERR_INCOMPATIBLE_PLUGIN when there are none. */
export async function loadPluginModule(spec: string, cwd = process.cwd()): Promise<AnyTaskPlugin[]> {
  const url = moduleSpecifier(spec, cwd);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (e) {
    throw new TrmError('TRM_ERR_INCOMPATIBLE_PLUGIN', `cannot import plugin module ${spec}: ${(e as Error).message.split('\n')[0]}`, { module: spec }, { cause: e });
  }
  const found: AnyTaskPlugin[] = [];
  const seen = new Set<unknown>();
  for (const key of ['default', ...Object.keys(mod).filter((k) => k !== 'default')]) {
    const v = mod[key];
    if (looksLikePlugin(v) && !seen.has(v)) {
      seen.add(v);
      found.push(v);
    }
  }
  if (found.length === 0) {
    throw new TrmError('TRM_ERR_INCOMPATIBLE_PLUGIN', `plugin module ${spec} exports no task plugin (an object with name, parse, verify, … — see definePlugin)`, { module: spec });
  }
  return found;
}
