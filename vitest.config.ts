import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Examples import the package by name, as users do; in tests that name means the sources.
    alias: { 'trm-sdk': fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // One closing line lists the skipped tests' reasons (see the reporter).
    reporters: ['default', './test/support/skip-summary-reporter.ts'],
    // Type tests (test/types/*.test-d.ts): misuse of the public API must fail to compile.
    typecheck: { enabled: true, include: ['test/types/**/*.test-d.ts'], tsconfig: './tsconfig.typecheck.json' },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores on CI: a small fork pool so tfjs-heavy files do not starve each other.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
