import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where the golden files are: TRM_GOLDEN_DIR, else the repository's test/fixtures/golden when it
 * is there, else ../shared/golden beside the clone (the path the tfjs parity test reads).
 */
export const GOLDEN_DIR: string = (() => {
  if (process.env.TRM_GOLDEN_DIR) return process.env.TRM_GOLDEN_DIR;
  const fixtures = fileURLToPath(new URL('../../fixtures/golden/', import.meta.url));
  if (existsSync(fixtures)) return fixtures;
  return fileURLToPath(new URL('../../../../shared/golden/', import.meta.url));
})();

export const GOLDEN_MODELS = ['trm-attn-rope', 'trm-mlp-t', 'trm-attn-learned', 'hrm-attn-rope', 'hrm-attn-learned'] as const;
