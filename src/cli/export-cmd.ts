/**
 * `trm-sdk export-dataset` and `trm-sdk export-config`: a task's data and its preset in the form
 * the PyTorch reference trainer (`torchrun pretrain.py`) reads. Thin: options → SDK → print.
 */
import { Option, type Command } from 'commander';
import fs from 'node:fs';
import { TrmError } from '../errors.js';
import { shellWord } from '../sdk/export-config.js';
import type { TrmSdk } from '../sdk/sdk.js';

interface ExportContext {
  state: { json: boolean };
  getSdk: () => Promise<TrmSdk>;
  intOpt: (name: string) => (v: string) => number;
}

export function addExportCommands(program: Command, { state, getSdk, intOpt }: ExportContext): void {
  program
    .command('export-dataset')
    .description("Write a task's data in the reference trainers' dataset layout (train/ test/ *.npy, dataset.json, identifiers.json) for torchrun pretrain.py")
    .argument('<task>')
    .requiredOption('--out <dir>', 'output folder (must be absent or empty unless --force)')
    .option('--n-train <n>', 'training originals, one group each (default 1000; with --from: every example after the test ones)', intOpt('n-train'))
    .option('--n-test <n>', 'test puzzles, drawn first (default 1000; with --from: 0)', intOpt('n-test'))
    .option('--augment <k>', "augmented copies per training original, with the plugin's augmentations (default 0)", intOpt('augment'))
    .option('--seed <n>', 'seed of the generator and the augmentations (default 0)', intOpt('seed'))
    .option('--from <file.jsonl|dir>', 'read examples ({"puzzle","answer"} per line, as `generate --json` prints) instead of generating; for arc, the folder of Kaggle JSON files')
    .option('--subsets <list>', 'arc: comma-separated subsets to read (default training,evaluation,concept)')
    .option('--test-subset <name>', 'arc: the subset whose test pairs form the test split (default evaluation)')
    .option('--difficulty <level>', 'generator difficulty (over the preset\'s generate options)')
    .option('--preset <name|file>', "the preset whose generate options apply (default: the task's)")
    .option('--force', 'replace the export files in a non-empty --out')
    .option('--json', 'print the summary as JSON')
    .action(async (task: string, o: { out: string; nTrain?: number; nTest?: number; augment?: number; seed?: number; from?: string; subsets?: string; testSubset?: string; difficulty?: string; preset?: string; force?: boolean; json?: boolean }) => {
      state.json = !!o.json;
      const sdk = await getSdk();
      const r = await sdk.exportDataset({
        task,
        out: o.out,
        ...(o.nTrain !== undefined ? { nTrain: o.nTrain } : {}),
        ...(o.nTest !== undefined ? { nTest: o.nTest } : {}),
        ...(o.augment !== undefined ? { augment: o.augment } : {}),
        ...(o.seed !== undefined ? { seed: o.seed } : {}),
        ...(o.from !== undefined ? { from: o.from } : {}),
        ...(o.subsets !== undefined ? { subsets: o.subsets.split(',').map((x) => x.trim()).filter(Boolean) } : {}),
        ...(o.testSubset !== undefined ? { testSubset: o.testSubset } : {}),
        ...(o.difficulty !== undefined ? { generate: { difficulty: o.difficulty } } : {}),
        ...(o.preset !== undefined ? { preset: o.preset } : {}),
        ...(o.force ? { force: true } : {}),
        onProgress: (p) => {
          if (!o.json && process.stderr.isTTY) process.stderr.write(`\r${p.split}: ${p.rows.toLocaleString('en-US')} rows`);
        },
      });
      if (!o.json && process.stderr.isTTY) process.stderr.write('\n');
      if (o.json) {
        console.log(JSON.stringify(r, null, 2));
        return;
      }
      console.log(`exported ${task} to ${r.out} (${r.seconds.toFixed(1)} s, tokens ${r.tokenDtype})`);
      for (const s of ['train', 'test'] as const) console.log(`  ${s}: ${r[s].rows} rows, ${r[s].puzzles} puzzles, ${r[s].groups} groups`);
      if (r.arc) console.log(`  ${r.arc.tasks} tasks from ${r.arc.subsets.join(', ')} (test split: ${r.arc.testSubset}), ${r.arc.identifiers} puzzle identifiers in identifiers.json`);
      if (r.skippedEquivalent) console.log(`  skipped ${r.skippedEquivalent} training originals equivalent to test puzzles`);
      console.log(`next: npx trm-sdk export-config ${task} --data ${r.out}   (prints the torchrun command)`);
    });

  program
    .command('export-config')
    .description("Print the Hydra overrides (and write all_config.yaml) with which the reference's pretrain.py trains the same model as a preset")
    .argument('<task>')
    .option('--preset <name|file>', "a shipped preset name or a preset file (default: the task's preset)")
    .addOption(new Option('--architecture <arch>', 'trm (default) or hrm').choices(['trm', 'hrm']))
    .option('--data <dir>', 'the export-dataset folder: sizes the steps → epochs conversion and becomes data_paths')
    .option('--out <file|dir>', 'write all_config.yaml here (a .yaml file, or a folder to hold all_config.yaml)')
    .option('--run-name <name>', 'Hydra run_name (default <task>-<architecture>)')
    .option('--overrides <file>', 'also write the overrides there, one per line, unquoted (for scripts: mapfile -t OV < file; … pretrain.py "${OV[@]}")')
    .option('--force', 'overwrite an existing all_config.yaml')
    .option('--json', 'print JSON')
    .action(async (task: string, o: { preset?: string; architecture?: 'trm' | 'hrm'; data?: string; out?: string; runName?: string; overrides?: string; force?: boolean; json?: boolean }) => {
      state.json = !!o.json;
      const sdk = await getSdk();
      const r = await sdk.exportConfig({
        task,
        ...(o.preset !== undefined ? { preset: o.preset } : {}),
        ...(o.architecture !== undefined ? { architecture: o.architecture } : {}),
        ...(o.data !== undefined ? { data: o.data } : {}),
        ...(o.out !== undefined ? { out: o.out } : {}),
        ...(o.runName !== undefined ? { runName: o.runName } : {}),
        ...(o.force ? { force: true } : {}),
      });
      if (o.overrides !== undefined) {
        try {
          fs.writeFileSync(o.overrides, r.overrides.join('\n') + '\n');
        } catch (e) {
          throw new TrmError('TRM_ERR_IO', `cannot write ${o.overrides}: ${(e as Error).message}`, { path: o.overrides }, { cause: e });
        }
      }
      if (o.json) {
        console.log(JSON.stringify(r, null, 2));
        return;
      }
      console.log(`# ${task}, ${r.architecture.toUpperCase()}: hidden ${r.config.hiddenSize}, ${r.config.architecture === 'hrm' ? `${r.config.hLayers}+${r.config.lLayers}` : r.config.lLayers} layers, T=${r.config.hCycles} n=${r.config.lCycles}, ${r.hyper.steps} steps of ${r.hyper.batchSize} → epochs=${r.schedule.epochs} (${r.schedule.referenceSteps} reference steps; ${r.schedule.dataFrom})`);
      console.log('# in a TinyRecursiveModels checkout (python pretrain.py on one GPU; torchrun --nproc-per-node N pretrain.py on N):');
      console.log(['torchrun --nproc-per-node 8 pretrain.py', ...r.overrides.map(shellWord)].join(' \\\n  '));
      if (r.allConfigPath) console.log(`# wrote ${r.allConfigPath} (what the run's all_config.yaml will hold; trm-sdk import --config reads it)`);
      console.log('# where the reference run differs from the preset:');
      for (const d of r.differences) console.log(`#  - ${d}`);
    });
}
