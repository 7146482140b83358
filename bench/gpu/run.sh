#!/usr/bin/env bash
# One GPU session in at most 8 minutes, on a Linux x64 machine with a GPU and no Node, no npm and no
# internet: the working tree plus bench/gpu/.cache (made here by bench/gpu/prepare.sh) is all it
# needs. See bench/gpu/README.md.
#
#   bench/gpu/run.sh [OUT]          OUT: output folder (default $OUT, else bench/gpu/out)
#
# Steps (each bounded; a failing step is recorded and the next one still runs):
#   0. unpack the carried Node, node_modules and dist into a scratch copy of the tree ($TRM_GPU_STAGE,
#      default /tmp/trm-gpu-stage); use the carried Vulkan loader (and glvnd) only where the machine lacks them;
#      point the loader at NVIDIA's ICD file when it is somewhere the loader does not look
#   1. report the adapter Dawn sees (TRM_BACKEND=webgpu; one line, and adapter.json in summary)
#   2. golden parity (TRM and HRM, forward and gradients; cpu, wasm and webgpu) with vitest
#   3. speed on webgpu: bench/gpu/neural-gpu.ts (train and infer steps/s and GFLOP/s; Sudoku H=128
#      shape as bench:neural, and the official full-size TRM and HRM shapes, random weights)
#  3b. ONNX Runtime on CUDA: bench/gpu/ort-cuda.ts (full-size shapes, onnxruntime/cuda next to
#      onnxruntime/cpu); fails soft (exit 3, reason in ort-cuda.json) without matching CUDA libraries
#   4. train the 9×9 Sudoku preset on webgpu for what is left of the budget (trm-sdk train sudoku
#      --max-seconds), then its final held-out evaluation
#   5. summary.json
# Files written to OUT (at most 8, at most 2 folders deep, as the device tool brings back):
#   run.log, summary.json, parity.json, bench.json, ort-cuda.json, sudoku/model.safetensors, sudoku/metrics.jsonl,
#   sudoku/train-state.tar (raw weights + optimizer state + heldout list: resume with --resume)
#
# Environment (defaults fit the 8-minute rule on a real GPU; the dry run here shrinks them):
#   TRM_GPU_BUDGET_S      whole run, seconds (450)
#   TRM_GPU_PARITY_S      parity step limit (120)
#   TRM_GPU_BENCH_S       bench step limit (150); TRM_BENCH_* pass through (shapes, batch, runs, seconds)
#   TRM_GPU_EVAL_RESERVE_S  seconds kept back for training's final evaluation and the summary (60)
#   TRM_GPU_TRAIN_ARGS    extra arguments for trm-sdk train (e.g. "--eval-size 200 --batch-size 256")
#   TRM_GPU_BACKEND       backend for steps 2-4 (webgpu); "auto" or "wasm" to exercise the script without an adapter
#   TRM_GPU_STAGE         scratch folder (/tmp/trm-gpu-stage; wiped first)
set -uo pipefail
START=$(date +%s)
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CACHE="$ROOT/bench/gpu/.cache"
OUT="$(mkdir -p "${1:-${OUT:-$ROOT/bench/gpu/out}}" && cd "${1:-${OUT:-$ROOT/bench/gpu/out}}" && pwd)"
BUDGET="${TRM_GPU_BUDGET_S:-450}"
STAGE="${TRM_GPU_STAGE:-/tmp/trm-gpu-stage}"
BACKEND="${TRM_GPU_BACKEND:-webgpu}"
LOG="$OUT/run.log"
: > "$LOG"
exec > >(tee -a "$LOG") 2>&1
elapsed() { echo $(( $(date +%s) - START )); }
left() { echo $(( BUDGET - $(elapsed) )); }
say() { echo "[gpu-run +$(elapsed)s] $*"; }
STATUS_FILE="$STAGE.status"
: > "$STATUS_FILE"
status() { echo "$1 $2 $3" >> "$STATUS_FILE"; }  # step exit-code seconds
loud() { echo "################################################################################"; echo "# $*"; echo "################################################################################"; }

say "output: $OUT; budget ${BUDGET}s; stage $STAGE; backend $BACKEND"
uname -a; (nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || echo "nvidia-smi: not found") | sed 's/^/gpu: /'

# ---- 0. unpack ------------------------------------------------------------------------------------
t0=$(date +%s)
NODE_XZ="$(ls "$CACHE"/node-v*-linux-x64.xz 2>/dev/null | head -1)"
if [ -z "$NODE_XZ" ] || [ ! -f "$CACHE/bundle.tar.xz" ]; then
  loud "bench/gpu/.cache is missing or incomplete: run bench/gpu/prepare.sh where npm works, and carry bench/gpu/.cache"
  exit 2
fi
unxz_to() { # unxz_to FILE: decompress to stdout with xz, else Python's lzma
  if command -v xz >/dev/null; then xz -dc "$1"; elif command -v python3 >/dev/null; then python3 -c 'import lzma,shutil,sys; shutil.copyfileobj(lzma.open(sys.argv[1]), sys.stdout.buffer)' "$1"; else echo "neither xz nor python3 to unpack $1" >&2; return 1; fi
}
rm -rf "$STAGE" && mkdir -p "$STAGE/bin" "$STAGE/repo"
unxz_to "$NODE_XZ" > "$STAGE/bin/node" && chmod +x "$STAGE/bin/node" || { loud "could not unpack Node"; exit 2; }
# The tree as it came (without what the bundle replaces), then node_modules, dist, golden, lib.
tar -C "$ROOT" -cf - --exclude=./node_modules --exclude=./dist --exclude=./.git --exclude=./bench/gpu/.cache \
  --exclude=./bench/gpu/out --exclude=./runs --exclude=./test-output . | tar -C "$STAGE/repo" -xf -
unxz_to "$CACHE/bundle.tar.xz" | tar -C "$STAGE/repo" -xf - || { loud "could not unpack bundle.tar.xz"; exit 2; }
export PATH="$STAGE/bin:$PATH"
say "node $(node --version) from $NODE_XZ; unpacked in $(( $(date +%s) - t0 ))s"
status unpack 0 $(( $(date +%s) - t0 ))

# Vulkan: Dawn dlopens libvulkan.so.1, and NVIDIA's Vulkan driver (libGLX_nvidia) links glvnd's
# libGLdispatch/libGLX. Each carried library (Debian bookworm's) is used only where the machine lacks it.
mkdir -p "$STAGE/lib-missing"
for f in "$STAGE"/repo/lib/*; do
  n="$(basename "$f")"
  if ldconfig -p 2>/dev/null | grep -q "^[[:space:]]*$n "; then say "$n: the machine's ($(ldconfig -p | awk -v n="$n" '$1 == n { print $NF; exit }'))"
  else ln -s "$f" "$STAGE/lib-missing/$n"; say "$n: none installed; using the carried one"; fi
done
[ -n "$(ls -A "$STAGE/lib-missing")" ] && export LD_LIBRARY_PATH="$STAGE/lib-missing${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
# The loader reads ICD files from /usr/share/vulkan/icd.d and /etc/vulkan/icd.d; containers often
# mount NVIDIA's elsewhere.
if [ -z "${VK_DRIVER_FILES:-}${VK_ICD_FILENAMES:-}" ] && ! ls /usr/share/vulkan/icd.d/*nvidia* /etc/vulkan/icd.d/*nvidia* >/dev/null 2>&1; then
  icd="$(ls /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json 2>/dev/null || timeout 20 find / -xdev -name 'nvidia_icd*.json' 2>/dev/null | head -1)"
  if [ -n "$icd" ]; then export VK_DRIVER_FILES="$icd" VK_ICD_FILENAMES="$icd"; say "Vulkan ICD: $icd"; else say "Vulkan ICD: no nvidia_icd.json found"; fi
  egl="$(ls /usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json 2>/dev/null || true)"
  [ -n "$egl" ] && export __EGL_VENDOR_LIBRARY_FILENAMES="$egl"
fi
cd "$STAGE/repo"
export TRM_GOLDEN_DIR="$STAGE/repo/golden" XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp}"

# ---- 1. the adapter -------------------------------------------------------------------------------
t0=$(date +%s)
timeout -k 5 60 node --input-type=module -e '
  import { initBackend, logLine } from "./dist/src/neural/backend.js";
  import { probeWebGpu } from "./dist/src/neural/webgpu.js";
  import { writeFileSync } from "node:fs";
  const p = probeWebGpu();
  let line, ok = p.ok;
  try { process.env.TRM_QUIET = "1"; line = logLine(await initBackend("webgpu")); } catch (e) { ok = false; line = String(e.message); }
  console.log(line);
  writeFileSync(process.argv[1], JSON.stringify({ ...p, initialised: ok, line }) + "\n");
  process.exit(0);
' "$STAGE/adapter.json"
rc=$?
ADAPTER_OK="$(node -p "require('$STAGE/adapter.json').initialised" 2>/dev/null || echo false)"
status adapter "$rc" $(( $(date +%s) - t0 ))
if [ "$ADAPTER_OK" = true ] && [ "$(node -p "require('$STAGE/adapter.json').software" 2>/dev/null)" = true ]; then
  loud "ONLY A SOFTWARE ADAPTER (no GPU driver found by the Vulkan loader): numbers below are CPU numbers"
fi
if [ "$ADAPTER_OK" != true ]; then
  loud "NO WebGPU ADAPTER: $(node -p "require('$STAGE/adapter.json').reason" 2>/dev/null)"
  if [ "$BACKEND" = webgpu ]; then loud "steps 2-4 need webgpu; set TRM_GPU_BACKEND=auto to run them on another backend"; fi
fi

run_step() { # run_step NAME LIMIT_S CMD...: bounded by LIMIT_S and by what is left of the budget
  local name="$1" limit="$2"; shift 2
  local l; l=$(left)
  [ "$limit" -gt "$l" ] && limit=$l
  if [ "$limit" -le 5 ]; then say "$name: skipped (budget spent)"; status "$name" skipped 0; return; fi
  if [ "$BACKEND" = webgpu ] && [ "$ADAPTER_OK" != true ]; then say "$name: skipped (no adapter)"; status "$name" skipped 0; return; fi
  say "$name: up to ${limit}s …"
  local t0; t0=$(date +%s)
  TRM_BACKEND="$BACKEND" timeout -k 10 "$limit" "$@"
  local rc=$?
  [ $rc -eq 124 ] && loud "$name: TIMED OUT after ${limit}s"
  [ $rc -ne 0 ] && [ $rc -ne 124 ] && loud "$name: FAILED (exit $rc)"
  status "$name" "$rc" $(( $(date +%s) - t0 ))
  say "$name: exit $rc after $(( $(date +%s) - t0 ))s"
}

# ---- 2. golden parity -----------------------------------------------------------------------------
run_step parity "${TRM_GPU_PARITY_S:-120}" node node_modules/vitest/vitest.mjs run test/neural/parity.test.ts \
  --typecheck.enabled=false --reporter=default --reporter=json --outputFile.json="$OUT/parity.json"

# ---- 3. speed -------------------------------------------------------------------------------------
run_step bench "${TRM_GPU_BENCH_S:-150}" env TRM_BENCH_SECONDS="${TRM_BENCH_SECONDS:-35}" node dist/bench/gpu/neural-gpu.js "$OUT/bench.json"

# ---- 3b. ONNX Runtime on CUDA ----------------------------------------------------------------------
# Needs no WebGPU adapter, only ORT's CUDA provider libraries (not bundled: onnxruntime-node fetches
# them at install with internet, or --onnxruntime-node-install=cuda12). Fails soft: exit 3 and the
# reason in ort-cuda.json when they are missing or do not match the driver's CUDA.
t0=$(date +%s); l=$(left); lim=$(( l < ${TRM_GPU_ORT_S:-90} ? l : ${TRM_GPU_ORT_S:-90} ))
if [ "$lim" -gt 5 ]; then
  say "ort-cuda: up to ${lim}s …"
  TRM_EP=cuda timeout -k 5 "$lim" node dist/bench/gpu/ort-cuda.js "$OUT/ort-cuda.json"
  rc=$?
  [ $rc -ne 0 ] && loud "ONNX Runtime CUDA row: not measured (exit $rc; reason in ort-cuda.json)"
  status ort-cuda "$rc" $(( $(date +%s) - t0 ))
else
  say "ort-cuda: skipped (budget spent)"; status ort-cuda skipped 0
fi

# ---- 4. training ----------------------------------------------------------------------------------
RESERVE="${TRM_GPU_EVAL_RESERVE_S:-60}"
TRAIN_S=$(( $(left) - RESERVE ))
mkdir -p "$OUT/sudoku"
if [ "$TRAIN_S" -ge 10 ]; then
  # shellcheck disable=SC2086
  run_step train $(( TRAIN_S + RESERVE - 5 )) node bin/trm-sdk.js train sudoku --out "$STAGE/sudoku" --max-seconds "$TRAIN_S" \
    --eval-size 200 ${TRM_GPU_TRAIN_ARGS:-}
else
  say "train: skipped (${TRAIN_S}s left after the reserve)"; status train skipped 0
fi
if [ -d "$STAGE/sudoku" ]; then
  cp "$STAGE/sudoku/model.safetensors" "$STAGE/sudoku/metrics.jsonl" "$OUT/sudoku/" 2>/dev/null
  (cd "$STAGE/sudoku" && tar -cf "$OUT/sudoku/train-state.tar" --exclude=model.safetensors --exclude=metrics.jsonl .)
fi

# ---- 5. summary -----------------------------------------------------------------------------------
node -e '
  const fs = require("fs");
  const [stage, out, budget, elapsed] = process.argv.slice(1);
  const read = (f) => { try { return JSON.parse(fs.readFileSync(f, "utf8")); } catch { return undefined; } };
  const lines = (f) => { try { return fs.readFileSync(f, "utf8").trim().split("\n").map((l) => JSON.parse(l)); } catch { return []; } };
  const steps = fs.readFileSync(stage + ".status", "utf8").trim().split("\n").filter(Boolean).map((l) => { const [name, exit, seconds] = l.split(" "); return { name, exit, seconds: Number(seconds) }; });
  const parity = read(out + "/parity.json");
  const tests = parity ? parity.testResults.flatMap((f) => f.assertionResults.map((a) => ({ name: a.fullName, status: a.status, ms: a.duration }))) : [];
  const bench = read(out + "/bench.json");
  const ortCuda = read(out + "/ort-cuda.json");
  const metrics = lines(out + "/sudoku/metrics.jsonl");
  const train = metrics.filter((m) => m.type === "train" || m.type === "eval");
  const summary = {
    date: new Date().toISOString(), budgetS: Number(budget), elapsedS: Number(elapsed),
    adapter: read(stage + "/adapter.json"),
    steps,
    parity: { passed: tests.filter((t) => t.status === "passed").length, failed: tests.filter((t) => t.status === "failed").length, skipped: tests.filter((t) => !["passed", "failed"].includes(t.status)).length, tests },
    bench: bench ? bench.rows.map((r) => ({ name: r.name, median: r.median, unit: r.unit, runs: r.runs, stepsPerS: r.extra?.stepsPerS, gflops: r.extra?.gflops ?? (r.unit === "GFLOP/s" ? r.median : undefined) })) : null,
    ortCuda: ortCuda ?? null,
    train: { steps: Math.max(0, ...metrics.map((m) => m.step ?? 0)), stepsPerS: train.at(-1)?.stepsPerS, backend: train.at(-1)?.backend, lastEval: metrics.filter((m) => m.eval).at(-1) ?? null },
  };
  fs.writeFileSync(out + "/summary.json", JSON.stringify(summary, null, 2) + "\n");
  console.log(`summary: adapter ${summary.adapter?.adapter ?? "none"}; parity ${summary.parity.passed} passed, ${summary.parity.failed} failed, ${summary.parity.skipped} skipped; train ${summary.train.steps ?? 0} steps`);
' "$STAGE" "$OUT" "$BUDGET" "$(elapsed)"
say "done in $(elapsed)s; files in $OUT:"
(cd "$OUT" && find . -type f | sort | sed 's/^/  /')
