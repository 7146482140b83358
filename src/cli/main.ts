/**
 * The `trm-sdk` command line (commander). Thin: parse arguments → SDK call → print.
 * Errors print `TRM_ERR_… : message` on stderr (and the JSON error object on stdout with --json).
 * Exit codes: 0 success; 1 an error; 2 a usage error (missing or malformed arguments, an option
 * out of range: TRM_ERR_INVALID_OPTIONS); 3 an answer that is not verified.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { TrmError, toTrmError } from '../errors.js';
import { loadPluginModule } from '../sdk/plugin-module.js';
import { createSdk, type TrmSdk } from '../sdk/sdk.js';
import { STRATEGIES, type SolveOptions, type Strategy } from '../sdk/options.js';
import { toWire } from '../sdk/result.js';
import { SDK_VERSION } from '../version.js';
import { registerExport } from './export-onnx-cmd.js';
import { arcCliInput, solveArcTasks } from './arc-input.js';
import { readInputArg } from './input.js';
import { checkpointArg, modelFileOf } from './task-paths.js';
import { UsageCommand } from './usage-errors.js';
import { prettyAnswer, summarize, formatForHuman } from './print.js';
import { addExportCommands } from './export-cmd.js';

function intOpt(name: string) {
  return (v: string): number => {
    const n = Number(v);
    // A commander error, so a malformed number is a usage error (exit 2) like any other.
    if (v.trim() === '' || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`--${name} must be an integer, got "${v}"`);
    return n;
  };
}

interface GlobalState {
  json: boolean;
  /** Exit code set by a command (never process.exitCode: runCli is also called in-process by tests). */
  exitCode: number;
}

const collect = (v: string, prev: string[]): string[] => [...prev, v];

export function buildProgram(state: GlobalState, sdkFactory?: () => TrmSdk): Command {
  const program = new UsageCommand();
  program
    .name('trm-sdk')
    .description('Verified structured reasoning: a Tiny Recursive Model proposes, task plugins verify.')
    .version(SDK_VERSION)
    .option('--plugin <module>', 'register the task plugin(s) a JavaScript module exports; repeatable, on every command', collect, [])
    // Before any .command(): subcommands copy this, so usage errors throw instead of process.exit.
    .exitOverride();

  // One SDK per run, built on first use with the --plugin modules registered.
  let sdkPromise: Promise<TrmSdk> | null = null;
  const getSdk = (): Promise<TrmSdk> =>
    (sdkPromise ??= (async () => {
      const modules = (program.opts() as { plugin: string[] }).plugin;
      const plugins = (await Promise.all(modules.map((m) => loadPluginModule(m)))).flat();
      if (!sdkFactory) return createSdk({ plugins });
      const sdk = sdkFactory();
      for (const p of plugins) sdk.registerPlugin(p);
      return sdk;
    })());

  program
    .command('solve')
    .description('Solve a puzzle: trm-sdk solve sudoku <81 chars> | solve maze <file> | solve arc <task.json>')
    .argument('<task>', 'task name (see `trm-sdk tasks`)')
    .argument('<input>', 'the puzzle, a file path, or - for stdin')
    .addOption(new Option('--strategy <strategy>', 'hybrid (cost-aware) | neural-first | neural-only | symbolic-only').choices(STRATEGIES as string[]).default('hybrid'))
    .option('--max-steps <n>', 'maximum neural supervision steps', intOpt('max-steps'))
    .option('--vote <k>', 'augmented copies for test-time voting', intOpt('vote'))
    .option('--timeout <ms>', 'time budget in ms', intOpt('timeout'))
    .option('--steps-trace', 'print the answer after each supervision step')
    .option('--model <file>', 'use this checkpoint for the task (safetensors, or a PyTorch file with all_config.yaml beside it)')
    .option('--puzzle-ids <file>', "with --model: the dataset's identifiers.json, mapping task ids to the model's puzzle-embedding rows")
    .option('--id <task-id>', 'arc: solve this task of a challenges file (without it: every task, one line each)')
    .option('--json', 'print the result object as JSON')
    .action(async (task: string, input: string, o: { strategy: Strategy; maxSteps?: number; vote?: number; timeout?: number; stepsTrace?: boolean; model?: string; puzzleIds?: string; id?: string; json?: boolean }) => {
      state.json = !!o.json;
      const sdk = await getSdk();
      if (o.puzzleIds && !o.model) throw new TrmError('TRM_ERR_INVALID_OPTIONS', '--puzzle-ids needs --model', { option: 'puzzle-ids' });
      if (o.model) await sdk.loadModel(task, o.model, o.puzzleIds ? { puzzleIdentifiers: o.puzzleIds } : {});
      let puzzleInput = readInputArg(input);
      if (o.id !== undefined && task !== 'arc') throw new TrmError('TRM_ERR_INVALID_OPTIONS', '--id is for `solve arc` with a challenges file', { option: 'id' });
      const arc = task === 'arc' ? arcCliInput(puzzleInput, o.id) : null;
      if (arc?.kind === 'one') puzzleInput = arc.task;
      const solveOpts: SolveOptions = {
        strategy: o.strategy,
        ...(o.maxSteps !== undefined ? { maxSteps: o.maxSteps } : {}),
        ...(o.vote !== undefined ? { vote: o.vote } : {}),
        ...(o.timeout !== undefined ? { timeoutMs: o.timeout } : {}),
        ...(o.stepsTrace
          ? { onStep: (e) => console.error(`step ${e.step}: ${e.verified ? 'verified' : 'not verified'} q_halt=${e.qHalt.toFixed(3)}\n${prettyAnswer(task, e.formatted)}`) }
          : {}),
      };
      if (arc?.kind === 'many') {
        state.exitCode = await solveArcTasks(sdk, arc.tasks, solveOpts, !!o.json);
        return;
      }
      const r = await sdk.solve(task, puzzleInput, solveOpts);
      if (o.json) {
        console.log(JSON.stringify(toWire(r), null, 2));
      } else {
        console.log(prettyAnswer(task, r.formatted));
        console.log(summarize(r));
      }
      if (!r.verified) state.exitCode = 3;
    });

  program
    .command('verify')
    .description('Check an answer against a puzzle with the task\'s verifier')
    .argument('<task>')
    .argument('<puzzle>', 'the puzzle, a file path, or -')
    .argument('<answer>', 'the answer, a file path, or -')
    .option('--json', 'print JSON')
    .action(async (task: string, puzzle: string, answer: string, o: { json?: boolean }) => {
      state.json = !!o.json;
      const v = (await getSdk()).verify(task, readInputArg(puzzle), readInputArg(answer));
      if (o.json) console.log(JSON.stringify(v, null, 2));
      else console.log(v.ok ? 'ok' : `rejected:\n${v.violations.map((x) => `  - [${x.rule}] ${x.message}`).join('\n')}`);
      if (!v.ok) state.exitCode = 3;
    });

  program
    .command('generate')
    .description('Generate puzzles (one JSON object per line with --json, else one puzzle per line)')
    .argument('<task>')
    .option('--n <n>', 'how many', intOpt('n'), 1)
    .option('--difficulty <level>', 'easy | medium | hard (task-specific)')
    .option('--size <n>', 'size (maze side length)', intOpt('size'))
    .option('--seed <n>', 'random seed (default: time)', intOpt('seed'))
    .option('--json', 'JSON lines with puzzle, answer and difficulty')
    .action(async (task: string, o: { n: number; difficulty?: string; size?: number; seed?: number; json?: boolean }) => {
      state.json = !!o.json;
      const sdk = await getSdk();
      const plugin = sdk.plugin(task);
      const examples = sdk.generate(task, {
        n: o.n,
        ...(o.seed !== undefined ? { seed: o.seed } : {}),
        ...(o.difficulty !== undefined ? { difficulty: o.difficulty } : {}),
        ...(o.size !== undefined ? { size: o.size } : {}),
      });
      for (const ex of examples) {
        const puzzle = plugin.formatPuzzle(ex.puzzle);
        if (o.json) {
          console.log(JSON.stringify({ task, puzzle, answer: plugin.format(ex.answer), difficulty: ex.difficulty ?? null }));
        } else {
          console.log(typeof puzzle === 'string' ? puzzle : JSON.stringify(puzzle));
        }
      }
    });

  program
    .command('tasks')
    .description('List the registered tasks')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      state.json = !!o.json;
      const tasks = (await getSdk()).tasks();
      if (o.json) console.log(JSON.stringify(tasks, null, 2));
      else for (const t of tasks) console.log(`${t.name.padEnd(12)} ${t.symbolicSolver ? 'symbolic' : t.programSearch ? 'programs' : '        '} ${t.model ? `model ${modelFileOf(t.model)}` : 'no model'}  ${t.description}`);
    });

  program
    .command('demo')
    .description('Solve the sample puzzles of every task and print verified answers')
    .action(async () => {
      const sdk = await getSdk();
      let failures = 0;
      for (const t of sdk.tasks()) {
        let noSolver = 0;
        for (const sample of t.samples) {
          try {
            const r = await sdk.solve(t.name, sample);
            console.log(`── ${t.name}`);
            console.log(prettyAnswer(t.name, r.formatted));
            console.log(summarize(r));
            if (!r.verified) failures++;
          } catch (e) {
            const err = toTrmError(e);
            if (err.code === 'TRM_ERR_NO_SOLVER') noSolver++;
            else {
              failures++;
              console.log(`── ${t.name}: ${err.code}: ${err.message}`);
            }
          }
        }
        if (noSolver) {
          console.log(`── ${t.name}: ${noSolver} sample(s) not solved — there is no symbolic ${t.name} solver and no ${t.name} model is loaded (see tasks/${t.name}/).`);
        }
      }
      if (failures) state.exitCode = 1;
    });

  program
    .command('train')
    .description('Train a TRM for a task (preset from tasks/<task>/preset.json); resumable')
    .argument('<task>')
    .option('--preset <name|file>', 'a shipped preset name (tasks/<task>/<name>.json, default: preset) or a path to a preset .json file')
    .addOption(new Option('--architecture <arch>', 'trm (default) or hrm').choices(['trm', 'hrm']))
    .option('--steps <n>', 'optimizer steps', intOpt('steps'))
    .option('--batch-size <n>', 'rows per step', intOpt('batch-size'))
    .option('--out <dir>', 'checkpoint directory (model.safetensors, raw + optimizer state, metrics.jsonl); default runs/<task>-<time>')
    .option('--resume', 'continue the run in --out (an error when there is none: a mistyped --out)')
    .option('--resume-if-present', 'continue the run in --out if there is one, else start fresh')
    .option('--eval-every <n>', 'evaluate on the held-out set every n steps', intOpt('eval-every'))
    .option('--eval-size <n>', 'held-out set size', intOpt('eval-size'))
    .option('--max-seconds <s>', 'stop (with a checkpoint) after this long', intOpt('max-seconds'))
    .option('--seed <n>', 'data and init seed', intOpt('seed'))
    .option('--backend <name>', 'tfjs backend (auto, webgpu, wasm, cpu, tensorflow)')
    .option('--workers <n>', 'data-parallel worker threads (default: the number of cores on the wasm and cpu backends, 1 on others; capped by the batch size)', intOpt('workers'))
    .option('--json', 'print the summary as JSON')
    .action(async (task: string, o: Record<string, unknown>) => {
      state.json = !!o.json;
      const { runTrain } = await import('./train-cmd.js');
      const summary = await runTrain(await getSdk(), task, o);
      if (o.json) console.log(JSON.stringify(summary, null, 2));
      else if (summary.upToDate) console.log(`${task}: already trained to step ${String(summary.steps)}, model ${String(summary.modelPath)}`);
      else console.log(`trained ${task}: ${JSON.stringify({ steps: summary.steps, wallS: summary.wallS, backend: summary.backend, modelPath: summary.modelPath, finalEval: summary.finalEval })}`);
    });

  program
    .command('eval')
    .description('Neural-only exact accuracy and hybrid verified rate (by source) on held-out puzzles')
    .argument('<task>')
    .option('--n <n>', 'puzzles', intOpt('n'), 100)
    .option('--seed <n>', 'seed for generated puzzles', intOpt('seed'))
    .option('--difficulty <level>', 'generator difficulty (generates fresh puzzles instead of the held-out set)')
    .option('--vote <k>', 'augmented copies for voting', intOpt('vote'))
    .option('--max-steps <n>', 'neural supervision steps', intOpt('max-steps'))
    .option('--strategies <list>', 'comma-separated strategies (default: neural-only,hybrid with a model, else symbolic-only)')
    .option('--model <file>', 'evaluate this checkpoint (safetensors, or a PyTorch file with all_config.yaml beside it)')
    .option('--split <name>', 'arc: a dataset split (training, concept, evaluation, evaluation2, training2) from --data')
    .option('--data <dir>', 'arc: folder of the ARC Prize files arc-agi_<split>_challenges.json (a download)')
    .option('--solutions <file>', 'arc: score against this solutions file (evaluation splits ship without outputs)')
    .option('--time-per-task <ms>', 'arc: program-search budget per task', intOpt('time-per-task'), 10_000)
    .option('--workers <n>', 'arc: tasks in parallel (default: the cores)', intOpt('workers'))
    .option('--limit <n>', 'arc: only the first n tasks', intOpt('limit'))
    .option('--ids <list>', 'arc: only these task ids (comma-separated, or @file)')
    .option('--out <file>', 'arc: write one JSON line per task')
    .option('--json', 'print JSON')
    .action(async (task: string, o: { n: number; seed?: number; difficulty?: string; vote?: number; maxSteps?: number; strategies?: string; model?: string; split?: string; data?: string; solutions?: string; timePerTask: number; workers?: number; limit?: number; ids?: string; out?: string; json?: boolean }) => {
      state.json = !!o.json;
      if (o.split !== undefined || task === 'arc') {
        if (task !== 'arc') throw new TrmError('TRM_ERR_INVALID_OPTIONS', '--split is for `eval arc`', { option: 'split' });
        const { runEvalArc } = await import('./eval-arc-cmd.js');
        await runEvalArc(o);
        return;
      }
      const { runEval, formatEval } = await import('./train-cmd.js');
      const sdk = await getSdk();
      if (o.model) await sdk.loadModel(task, o.model);
      const report = await runEval(sdk, task, o);
      console.log(o.json ? JSON.stringify(report, null, 2) : formatEval(report));
    });

  program
    .command('inspect')
    .description('Print a checkpoint\'s config and parameter count')
    .argument('<checkpoint>', 'a .safetensors checkpoint (reference layout), a PyTorch file (step_N, checkpoint) with all_config.yaml beside it, or a task name for its model (sudoku-4x4)')
    .option('--task <task>', 'the task, for a PyTorch file whose sequence length is not in it')
    .option('--config <file>', 'all_config.yaml for a PyTorch file (default: beside it)')
    .option('--json', 'print JSON')
    .action(async (file: string, o: { task?: string; config?: string; json?: boolean }) => {
      state.json = !!o.json;
      const { formatInspect } = await import('./inspect.js');
      const sdk = await getSdk();
      const info = await sdk.inspect(checkpointArg(sdk, file), { ...(o.task ? { task: o.task } : {}), ...(o.config ? { configFile: o.config } : {}) });
      console.log(o.json ? JSON.stringify(info, null, 2) : formatInspect(info));
    });

  program
    .command('import')
    .description('Import a PyTorch checkpoint (reference TRM step_N, official HRM checkpoint) for a task: safetensors + model card')
    .argument('<file>', 'the PyTorch file')
    .requiredOption('--task <task>', 'the task it was trained for (its token interface is checked)')
    .option('--config <file>', 'the run\'s all_config.yaml (default: beside the file)')
    .requiredOption('--out <dir>', 'output folder (model.safetensors, MODEL_CARD.md)')
    .option('--puzzle-ids <file>', "the training dataset's identifiers.json: checked against the checkpoint and copied beside the model")
    .option('--json', 'print JSON')
    .action(async (file: string, o: { task: string; config?: string; out: string; puzzleIds?: string; json?: boolean }) => {
      state.json = !!o.json;
      const r = await (await getSdk()).importCheckpoint({ file, task: o.task, out: o.out, ...(o.config ? { configFile: o.config } : {}), ...(o.puzzleIds ? { puzzleIds: o.puzzleIds } : {}) });
      if (o.json) console.log(JSON.stringify({ ...r, tensors: r.tensors.length }, null, 2));
      else {
        const arch = r.config.architecture.toUpperCase();
        console.log(`imported ${arch} (${r.parameterCount.toLocaleString('en-US')} parameters) for ${o.task}: ${r.modelPath} and ${r.cardPath}`);
        console.log(`use it: npx trm-sdk solve ${o.task} <puzzle> --model ${r.modelPath}${r.puzzleIdsPath ? ` --puzzle-ids ${r.puzzleIdsPath}` : ''}`);
      }
    });

  addExportCommands(program, { state, getSdk, intOpt });
  registerExport(program, getSdk, state);

  program
    .command('serve')
    .description('Start the REST service and playground (env: TRM_PORT, TRM_HOST, TRM_WORKERS, TRM_QUEUE, TRM_BODY_LIMIT, TRM_API_KEYS, TRM_RATE, TRM_CORS_ORIGINS, … see README); SIGTERM drains and exits')
    .option('--port <n>', 'port to listen on (default $TRM_PORT or 8080; 0 = any free port)', intOpt('port'))
    .option('--host <host>', 'interface to listen on (default $TRM_HOST or 127.0.0.1)')
    .option('--model <task=file>', 'load this checkpoint for the task in every worker, on top of the shipped models; repeatable', collect, [])
    .action(async (o: { port?: number; host?: string; model: string[] }) => {
      const models: Record<string, string> = {};
      for (const m of o.model) {
        const eq = m.indexOf('=');
        if (eq < 1 || eq === m.length - 1) throw new TrmError('TRM_ERR_INVALID_OPTIONS', `--model takes <task>=<file>, got "${m}"`, { option: 'model' });
        models[m.slice(0, eq)] = m.slice(eq + 1);
      }
      // Workers import the --plugin modules themselves (functions cannot cross threads).
      const plugins = (program.opts() as { plugin: string[] }).plugin;
      // Imported lazily: express and the worker pool are only needed by this command.
      const { serve } = await import('../server/serve.js');
      const { closed } = await serve({
        ...(o.port !== undefined ? { port: o.port } : {}),
        ...(o.host !== undefined ? { host: o.host } : {}),
        ...(plugins.length ? { plugins } : {}),
        ...(Object.keys(models).length ? { models } : {}),
      });
      await closed;
    });

  return program;
}

/** Runs the CLI; resolves to the exit code. */
export async function runCli(argv: string[], sdkFactory?: () => TrmSdk): Promise<number> {
  const state: GlobalState = { json: argv.includes('--json'), exitCode: 0 };
  const program = buildProgram(state, sdkFactory);
  program.exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return state.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help / version are "errors" with exit code 0 in commander's override mode
      return e.exitCode === 0 ? 0 : 2;
    }
    const err = toTrmError(e);
    if (state.json) console.log(JSON.stringify(err.toJSON()));
    console.error(`${err.code}: ${err.message}`);
    return err.code === 'TRM_ERR_INVALID_OPTIONS' ? 2 : 1;
  }
}
