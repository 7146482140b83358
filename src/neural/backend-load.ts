/**
 * Loading one tfjs backend, shared by the chooser (backend.ts) and the WebGPU integration
 * (webgpu.ts): import an optional package without tsc resolving it, activate a registered
 * backend, and reduce an error to the one line a log or `tried` entry quotes.
 */
import * as tf from '@tensorflow/tfjs';

/** Import a package that may not be installed, without tsc resolving it. */
export async function importOptional(pkg: string): Promise<unknown> {
  const short = pkg.replace('@tensorflow/', '');
  try {
    const name: string = pkg; // a variable, so tsc does not look for the module or its types
    return await import(name);
  } catch (e) {
    const code = (e as { code?: string }).code;
    // Node says ERR_MODULE_NOT_FOUND; bundler-style resolvers (vite under vitest) only say it in words.
    const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find (module|package)|Could not resolve/.test(firstLine(e));
    if (missing) throw new Error(`${short} not installed`);
    throw new Error(`${short} failed to load: ${firstLine(e)}`);
  }
}

export function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 200);
}

/** Makes `name` the active tfjs backend; throws `<label> failed to initialise` when it cannot. */
export async function activate(name: string, label: string): Promise<string> {
  let ok = false;
  try {
    ok = await tf.setBackend(name);
  } catch (e) {
    throw new Error(`${label} failed to initialise: ${firstLine(e)}`);
  }
  if (!ok || tf.getBackend() !== name) throw new Error(`${label} failed to initialise`);
  await tf.ready();
  return name;
}
