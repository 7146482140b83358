/**
 * Which SDK a solver worker builds. Functions cannot cross threads, so a server with custom
 * plugins names a module instead: it must export `createSdk()` (or a default function) returning
 * a {@link ServiceSdk} — a `TrmSdk` with its plugins registered, or a promise of one.
 */
import { TrmError } from '../errors.js';
import type { TrmSdk } from '../sdk/sdk.js';

/** The part of the SDK the service calls. */
export type ServiceSdk = Pick<TrmSdk, 'solve' | 'verify' | 'generate' | 'tasks' | 'plugin'>;

/** Imports `moduleUrl` (default: the SDK itself) and builds its SDK; throws TRM_ERR_INVALID_CONFIG when the module has no factory. */
export async function loadServiceSdk(moduleUrl?: string): Promise<ServiceSdk> {
  // Imported lazily so a custom module does not pay for (or depend on) the default plugin set.
  const mod = (await import(moduleUrl ?? '../sdk/sdk.js')) as { createSdk?: unknown; default?: unknown };
  const factory = typeof mod.createSdk === 'function' ? mod.createSdk : mod.default;
  if (typeof factory !== 'function') {
    throw new TrmError('TRM_ERR_INVALID_CONFIG', `SDK module ${moduleUrl ?? '(default)'} exports neither createSdk() nor a default function`, { module: moduleUrl });
  }
  const sdk = (await (factory as () => unknown)()) as Partial<ServiceSdk> | null;
  for (const m of ['solve', 'verify', 'generate', 'tasks', 'plugin'] as const) {
    if (typeof sdk?.[m] !== 'function') {
      throw new TrmError('TRM_ERR_INVALID_CONFIG', `SDK module ${moduleUrl ?? '(default)'}: createSdk() returned an object without ${m}()`, { module: moduleUrl });
    }
  }
  return sdk as ServiceSdk;
}
