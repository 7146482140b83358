/**
 * export-config is the inverse of the import's config mapping: the all_config.yaml it writes,
 * read back by the importer's own reader (readAllConfig → configFromReference, the path
 * `trm-sdk import step_N` takes) with the sizes the dataset and the tensors supply, is the
 * preset's model config again. Also: the printed Hydra overrides say the same as the yaml, and
 * steps become whole epochs the reference can run (a multiple of eval_interval, each iteration
 * holding at least one global batch).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { latinSquare } from '../../examples/latin-square.js';
import { TrmError } from '../../src/errors.js';
import { configFromReference } from '../../src/neural/config.js';
import { readAllConfig } from '../../src/neural/pytorch/to-checkpoint.js';
import { readSafetensorsFileSync } from '../../src/neural/safetensors.js';
import { createSdk } from '../../src/sdk/sdk.js';
import { fixture, golden } from '../support/fixtures.js';

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'trm-excfg-'));

describe('export-config → all_config.yaml → the import config reader', () => {
  const sdk = createSdk({ plugins: [latinSquare] });
  const cases: { task: string; preset?: string; architecture?: 'trm' | 'hrm' }[] = [
    { task: 'sudoku-4x4' },
    { task: 'sudoku', preset: 'paper' },
    { task: 'sudoku', preset: 'paper', architecture: 'hrm' },
    { task: 'maze', preset: 'paper' },
    { task: 'maze-11x11' },
    { task: 'maze-11x11', architecture: 'hrm' },
    { task: 'latin-square' }, // a user plugin without a preset: the CPU default model
  ];
  for (const c of cases) {
    it(`${c.task}${c.preset ? ` --preset ${c.preset}` : ''}${c.architecture ? ` --architecture ${c.architecture}` : ''}: reads back as the same model`, async () => {
      const out = path.join(tmp(), 'all_config.yaml');
      const r = await sdk.exportConfig({ ...c, out });
      expect(r.allConfigPath).toBe(out);
      const doc = readAllConfig(out);
      const arch = { ...(doc.arch as Record<string, unknown>) };
      // What pretrain.py adds to the arch section from the dataset and the run (and the importer from tensor shapes).
      const t = sdk.plugin(c.task).tokens;
      const given = { ...arch, seq_len: t.seqLen, vocab_size: t.vocabSize, num_puzzle_identifiers: t.numPuzzleIdentifiers, batch_size: doc.global_batch_size };
      expect(configFromReference(given, { architecture: String(arch.name) })).toEqual(r.config);
      expect(r.config.architecture).toBe(c.architecture ?? 'trm');

      // The overrides printed for Hydra set exactly the yaml's values.
      for (const o of r.overrides) {
        const m = /^'?\+?(arch\.)?([A-Za-z_0-9]+)=(.*?)'?$/.exec(o)!;
        expect(m, o).not.toBeNull();
        const [, isArch, key, raw] = m;
        if (key === 'arch' || key === 'data_paths' || key === 'evaluators') continue;
        const v = (isArch ? arch : doc)[key!];
        const want = v === true ? 'True' : v === false ? 'False' : v === null ? 'null' : String(v);
        expect(raw, o).toBe(want);
      }
    });
  }

  it('the HRM arch section carries TinyRecursiveModels\' mlp_t: false, which the importer accepts (and refuses true)', async () => {
    const r = await sdk.exportConfig({ task: 'sudoku-4x4', architecture: 'hrm' });
    const arch = r.allConfig.arch as Record<string, unknown>;
    expect(arch.name).toBe('recursive_reasoning.hrm@HierarchicalReasoningModel_ACTV1');
    expect(arch.mlp_t).toBe(false);
    expect(arch).not.toHaveProperty('puzzle_emb_len');
    const given = { ...arch, seq_len: 16, vocab_size: 6, num_puzzle_identifiers: 1, batch_size: 64, mlp_t: true };
    expect(() => configFromReference(given, { architecture: 'hrm' })).toThrow(/mlp_t: true for HRM/);
  });
});

describe('export-config → trm-sdk import of a step_N the reference wrote', () => {
  it('a preset equal to the golden TRM: its exported all_config.yaml imports the reference step_200 as that model', async () => {
    // The golden reference TRM (attention + RoPE, for 16-cell, vocab-6 tokens: sudoku-4x4) as a preset.
    const meta = readSafetensorsFileSync(golden('trm-attn-rope.checkpoint.safetensors')).metadata;
    const want = configFromReference(meta.config!);
    const { seqLen: _s, vocabSize: _v, numPuzzleIdentifiers: _n, batchSize, ...model } = want;
    const dir = tmp();
    const preset = path.join(dir, 'golden-preset.json');
    fs.writeFileSync(preset, JSON.stringify({ model, train: { batchSize, steps: 200 } }));
    const sdk = createSdk();
    const cfg = await sdk.exportConfig({ task: 'sudoku-4x4', preset, out: path.join(dir, 'all_config.yaml') });
    // The task's token interface sets the identifiers (1 for sudoku-4x4); the golden run's dataset had 3.
    expect(cfg.config).toEqual({ ...want, numPuzzleIdentifiers: 1 });
    const step = path.join(dir, 'step_200');
    fs.copyFileSync(golden('pytorch', 'trm-attn-rope.step_200'), step); // written by the reference's pretrain.py
    const r = await sdk.importCheckpoint({ file: step, task: 'sudoku-4x4', configFile: cfg.allConfigPath!, out: path.join(dir, 'imported') });
    expect(r.config).toEqual(want); // every model field from the exported yaml; identifiers from the tensor shape
    expect(r.provenance?.configFrom).toBe(cfg.allConfigPath);

    // --puzzle-ids: the dataset's identifiers.json must have one entry per embedding row (3 here); it is copied beside the model.
    const ids = path.join(dir, 'identifiers.json');
    fs.writeFileSync(ids, JSON.stringify(['<blank>', 'task-a', 'task-b']));
    const withIds = await sdk.importCheckpoint({ file: step, task: 'sudoku-4x4', configFile: cfg.allConfigPath!, out: path.join(dir, 'with-ids'), puzzleIds: ids });
    expect(withIds.puzzleIdsPath).toBe(path.join(dir, 'with-ids', 'identifiers.json'));
    expect(withIds.namedPuzzleIdentifiers).toBe(2);
    expect(JSON.parse(fs.readFileSync(withIds.puzzleIdsPath!, 'utf8'))).toEqual(['<blank>', 'task-a', 'task-b']);
    fs.writeFileSync(ids, JSON.stringify(['<blank>', 'task-a']));
    const bad = await sdk.importCheckpoint({ file: step, task: 'sudoku-4x4', configFile: cfg.allConfigPath!, out: path.join(dir, 'bad'), puzzleIds: ids }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(TrmError);
    expect((bad as TrmError).message).toMatch(/lists 2 identifiers but the model has 3 puzzle-embedding rows/);
    expect(fs.existsSync(path.join(dir, 'bad'))).toBe(false);
  });
});

describe('export-config: steps → epochs', () => {
  it('with --data, epochs cover the preset steps, are a multiple of eval_interval, and each iteration holds a global batch', async () => {
    const sdk = createSdk();
    const data = path.join(tmp(), 'd');
    await sdk.exportDataset({ task: 'sudoku-4x4', out: data, nTrain: 30, nTest: 3, augment: 2 });
    const r = await sdk.exportConfig({ task: 'sudoku-4x4', data });
    const { epochs, evalInterval, examplesPerEpoch, referenceSteps } = r.schedule;
    expect(examplesPerEpoch).toBe(30); // groups × mean rows per puzzle: one puzzle per group per epoch
    expect(epochs * examplesPerEpoch).toBeGreaterThanOrEqual(r.hyper.steps * r.hyper.batchSize);
    expect(epochs % evalInterval!).toBe(0);
    expect(evalInterval! * examplesPerEpoch).toBeGreaterThanOrEqual(r.hyper.batchSize);
    expect(referenceSteps).toBe(Math.floor((epochs * 30) / r.hyper.batchSize));
    expect(r.allConfig.data_paths).toEqual([data]);
    expect(r.differences.some((d) => /AdamATan2/.test(d))).toBe(true);
  });

  it('arc: sized by an ARC export (one embedding row per augmented task), scored by the reference ARC evaluator', async () => {
    const sdk = createSdk();
    const data = path.join(tmp(), 'arc');
    const ex = await sdk.exportDataset({ task: 'arc', out: data, from: path.dirname(fixture('data', 'arc', 'arc-agi_concept_challenges.json')), subsets: ['concept'], testSubset: 'concept', augment: 1 });
    const r = await sdk.exportConfig({ task: 'arc', preset: 'paper', data });
    expect(r.allConfig.evaluators).toEqual([{ name: 'arc@ARC' }]);
    expect(r.overrides).not.toContain('evaluators=[]');
    expect(r.schedule.examplesPerEpoch).toBeCloseTo(ex.train.rows / ex.train.puzzles * ex.train.groups, 6);
    expect(r.differences.some((d) => d.includes(`${ex.arc!.identifiers} puzzle identifiers`))).toBe(true);
  });

  it('refuses a dataset exported for another task, and an existing all_config.yaml without force', async () => {
    const sdk = createSdk();
    const data = path.join(tmp(), 'd');
    await sdk.exportDataset({ task: 'sudoku-4x4', out: data, nTrain: 5, nTest: 1 });
    await expect(sdk.exportConfig({ task: 'maze-11x11', data })).rejects.toThrow(/dataset seq_len is 16 but task "maze-11x11" has 121/);
    const out = path.join(tmp(), 'all_config.yaml');
    fs.writeFileSync(out, 'x: 1\n');
    const e = await sdk.exportConfig({ task: 'sudoku-4x4', out }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TrmError);
    expect((e as TrmError).code).toBe('TRM_ERR_INVALID_OPTIONS');
    await sdk.exportConfig({ task: 'sudoku-4x4', out, force: true });
    expect(readAllConfig(out).global_batch_size).toBe(64);
  });
});
