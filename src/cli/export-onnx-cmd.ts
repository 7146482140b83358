/**
 * `trm-sdk export <checkpoint> --onnx <file>`: one supervision step as an ONNX file (the work is
 * the SDK's: src/sdk/export-onnx.ts). Prints where it went, its inputs and outputs, and how to
 * loop it.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { TrmSdk } from '../sdk/sdk.js';

export function registerExport(program: Command, getSdk: () => Promise<TrmSdk>, state: { json: boolean }): void {
  program
    .command('export')
    .description('Export a checkpoint (safetensors, or PyTorch with its all_config.yaml) as the ONNX graph of one supervision step, for any ONNX Runtime')
    .argument('<checkpoint>', 'the checkpoint file')
    .requiredOption('--onnx <file>', 'the .onnx file to write')
    .option('--task <task>', 'the task it is for: its token interface is checked and recorded in the file')
    .option('--config <file>', 'a PyTorch file\'s all_config.yaml (default: beside the file)')
    .option('--seq-len <n>', 'a PyTorch file\'s sequence length when no --task gives it', (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('--seq-len must be a positive integer');
      return n;
    })
    .option('--json', 'print JSON')
    .action(async (file: string, o: { onnx: string; task?: string; config?: string; seqLen?: number; json?: boolean }) => {
      state.json = !!o.json;
      const r = await (await getSdk()).exportOnnx({ file, onnx: o.onnx, ...(o.task ? { task: o.task } : {}), ...(o.config ? { configFile: o.config } : {}), ...(o.seqLen !== undefined ? { seqLen: o.seqLen } : {}) });
      if (o.json) {
        console.log(JSON.stringify(r, null, 2));
        return;
      }
      const mb = (r.bytes / 2 ** 20).toFixed(1);
      console.log(`exported ${r.config.architecture.toUpperCase()} step graph (${r.format}, opset 17, ${mb} MiB) to ${r.path}`);
      console.log(`inputs:  ${r.inputs.join(', ')}\noutputs: ${r.outputs.join(', ')}`);
      console.log(`loop: reset = true on step 1, then feed z_H_next / z_L_next back with reset = false, ${r.config.haltMaxSteps} steps; answer = argmax(logits, -1)`);
    });
}
