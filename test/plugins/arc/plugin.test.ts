import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { PluginRegistry } from '../../../src/sdk/registry.js';
import { arcPlugin, SAMPLE_SOLUTIONS, type ArcTask } from '../../../src/plugins/arc/index.js';

describe('arcPlugin', () => {
  it('registers with the SDK registry; answers by program search, not an exact solver', () => {
    const reg = new PluginRegistry();
    reg.register(arcPlugin);
    expect(reg.get('arc')).toBe(arcPlugin);
    expect(arcPlugin.version).toBe('0.1.0');
    expect(arcPlugin.sdkVersion).toBe('^0.1.0');
    expect(arcPlugin.solveSymbolic).toBeUndefined();
    expect(typeof arcPlugin.searchPrograms).toBe('function');
    expect(arcPlugin.verifies).toBe('validator-only');
    expect(arcPlugin.description).toMatch(/program search/i);
    expect(arcPlugin.description).toMatch(/validator/);
    expect(arcPlugin.augmentations!.map((a) => a.name)).toEqual(['dihedral', 'colour-permutation', 'translation']);
  });

  it('samples are real tasks (ids kept) that parse; their solutions pass verify; encode/decode round-trips them', () => {
    expect(arcPlugin.samples!.length).toBeGreaterThanOrEqual(1);
    for (const raw of arcPlugin.samples!) {
      const task: ArcTask = arcPlugin.parse(raw);
      expect(task.id && SAMPLE_SOLUTIONS[task.id]).toBeTruthy();
      const answer = arcPlugin.parseAnswer({ attempts: SAMPLE_SOLUTIONS[task.id!]!.map((g) => [g]) }, task);
      expect(arcPlugin.verify(task, answer)).toMatchObject({ ok: true, violations: [] });
      const enc = arcPlugin.encode(task, answer);
      expect(enc.inputs[0]).toHaveLength(arcPlugin.tokens.seqLen);
      const labels = enc.labels!.map((l) => l.map((x) => Math.max(0, x)));
      expect(arcPlugin.decode(labels, task)).toEqual(answer);
      expect(arcPlugin.parse(arcPlugin.formatPuzzle(task))).toEqual(task);
      expect(arcPlugin.parseAnswer(arcPlugin.format(answer), task)).toEqual(answer);
    }
  });

  it('inputSchema describes the task object and the JSON-string form', () => {
    const schema = arcPlugin.inputSchema as { oneOf: { type: string; required?: string[] }[] };
    expect(schema.oneOf.map((s) => s.type)).toEqual(['object', 'string']);
    expect(schema.oneOf[0]!.required).toEqual(['train', 'test']);
  });

  it('inputSchema compiles with ajv, accepts the samples and rejects a colour 10', () => {
    const validate = new Ajv({ strict: false }).compile(arcPlugin.inputSchema!);
    for (const raw of arcPlugin.samples!) expect(validate(raw)).toBe(true);
    expect(validate(JSON.stringify(arcPlugin.samples![0]))).toBe(true);
    expect(validate({ train: [{ input: [[10]], output: [[1]] }], test: [{ input: [[1]] }] })).toBe(false);
    expect(validate({ train: [], test: [{ input: [[1]] }] })).toBe(false);
  });
});
