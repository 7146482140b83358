import { goldenDir } from '../../support/fixtures.js';

/** The golden files: test/fixtures/golden (or TRM_GOLDEN_DIR), as the tfjs parity test reads them. */
export const GOLDEN_DIR: string = goldenDir();

export const GOLDEN_MODELS = ['trm-attn-rope', 'trm-mlp-t', 'trm-attn-learned', 'hrm-attn-rope', 'hrm-attn-learned'] as const;
