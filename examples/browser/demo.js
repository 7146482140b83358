// The demo's logic: plain JavaScript over the bundle (dist/browser/, built by `npm run build`).
// Serve the repository (or an installed package) with any static file server and open
// /examples/browser/ — see README "In the browser". Query parameters: ?task=…&strategy=…&backend=webgpu|wasm|cpu.
import * as trm from '../../dist/browser/index.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const backend = params.get('backend') ?? undefined;
const sdk = trm.createSdk(backend ? { backend } : {});
const tasks = sdk.tasks();
const state = { task: '', stepTimes: [], lastStep: null, engine: null };

for (const t of tasks) {
  const o = document.createElement('option');
  o.value = t.name;
  o.textContent = `${t.name}${t.model ? '  · model' : ''}`;
  $('task').append(o);
}
$('task').value = params.get('task') ?? 'sudoku-4x4';
if (params.get('strategy')) $('strategy').value = params.get('strategy');

function setStatus(text, st) {
  $('status').textContent = text;
  $('status').dataset.state = st;
}

/** The puzzle text in the textarea as the plugin's input: JSON when it looks like JSON, else text. */
function readInput() {
  const text = $('input').value.trim();
  if (/^[[{]/.test(text)) return JSON.parse(text);
  return text;
}

/** A puzzle or answer as the textarea shows it. */
function show(x) {
  if (typeof x === 'string') return x;
  if (Array.isArray(x) && x.every((r) => typeof r === 'string')) return x.join('\n');
  return JSON.stringify(x);
}

/** Rows of cells (strings, or colour numbers for ARC) for a task's formatted puzzle or answer. */
function rowsOf(task, formatted) {
  if (typeof formatted === 'string') {
    const flat = formatted.replace(/\s+/g, '');
    const side = Math.round(Math.sqrt(flat.length));
    return Array.from({ length: side }, (_, r) => [...flat.slice(r * side, (r + 1) * side)]);
  }
  if (Array.isArray(formatted) && formatted.every((r) => typeof r === 'string')) return formatted.map((r) => [...r]);
  if (formatted && Array.isArray(formatted.attempts)) return formatted.attempts[0]?.[0] ?? [];
  if (formatted && Array.isArray(formatted.test)) return formatted.test[0]?.input ?? [];
  return [];
}

const ARC_COLOURS = ['#000', '#0074d9', '#ff4136', '#2ecc40', '#ffdc00', '#aaaaaa', '#f012be', '#ff851b', '#7fdbff', '#870c25'];

/** Draws the board: givens grey, predictions coloured by confidence, ✓ on verified cells. */
function draw(task, formatted, { givens = null, confidence = null, verified = false, fallbackFrom = null } = {}) {
  const rows = rowsOf(task, formatted);
  const board = $('board');
  board.textContent = '';
  if (!rows.length) return;
  const info = tasks.find((t) => t.name === task);
  const side = Math.round(Math.sqrt(info.tokens.seqLen)); // tokens are row-major over a side×side canvas
  const grid = document.createElement('div');
  grid.className = `grid${rows[0].length > 12 ? ' small' : ''}`;
  grid.style.gridTemplateColumns = `repeat(${rows[0].length}, auto)`;
  rows.forEach((row, r) => row.forEach((v, c) => {
    const cell = document.createElement('div');
    cell.className = 'cell';
    cell.dataset.r = r;
    cell.dataset.c = c;
    if (typeof v === 'number') {
      cell.style.background = ARC_COLOURS[v] ?? '#fff';
    } else {
      const given = givens?.[r]?.[c];
      const isGiven = given !== undefined && given !== '.' && given !== '0' && given !== ' ' && given === v && /[1-9]/.test(v);
      cell.textContent = v === '.' ? '' : v;
      if (isGiven) cell.classList.add('given');
      else {
        cell.classList.add('pred');
        const p = confidence?.[r * side + c];
        if (p !== undefined) cell.style.background = `hsl(${Math.round(120 * p)} ${p > 0.5 ? 55 : 80}% 82%)`;
        if (fallbackFrom && fallbackFrom[r]?.[c] !== v) cell.classList.add('fallback');
      }
    }
    if (verified) cell.classList.add('verified');
    grid.append(cell);
  }));
  board.append(grid);
}

/** The puzzle in the plugin's own text form (ARC: the parsed task, whose test input the board shows). */
function canonical(task, input) {
  const plugin = sdk.plugin(task);
  const puzzle = plugin.parse(input);
  return puzzle && Array.isArray(puzzle.test) ? puzzle : plugin.format(puzzle);
}

function loadSample() {
  const task = $('task').value;
  const info = tasks.find((t) => t.name === task);
  $('input').value = show(info.samples[0]);
  $('generate').disabled = !info.generator;
  $('banner').textContent = '';
  draw(task, canonical(task, info.samples[0]), { givens: rowsOf(task, canonical(task, info.samples[0])) });
  setStatus(`Sample ${task} puzzle loaded.`, 'idle');
}

function generate() {
  const task = $('task').value;
  const [ex] = sdk.generate(task, { n: 1, seed: Math.floor(Math.random() * 2 ** 31) });
  const text = canonical(task, ex.puzzle);
  $('input').value = show(text);
  $('banner').textContent = '';
  draw(task, text, { givens: rowsOf(task, text) });
  setStatus(`Generated a ${task} puzzle.`, 'idle');
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
}

async function describeEngine() {
  try {
    const e = await trm.engineInfo(backend);
    state.engine = e;
    $('engine').textContent = `${e.engine}/${e.backend}${e.threads ? ` · ${e.threads} thread${e.threads > 1 ? 's' : ''}${e.threadedBinary ? ' (threaded build)' : ''}` : ''}${e.adapter ? ` · ${e.adapter}` : ''}`;
    $('engine').title = e.reason;
  } catch (err) {
    $('engine').textContent = `${err.code ?? 'error'}: ${err.message}`;
  }
}

/** Solves the textarea's puzzle, drawing every model step; returns a summary (tests read it). */
async function solve(strategy = $('strategy').value) {
  const task = $('task').value;
  const input = readInput();
  const puzzleText = canonical(task, input);
  const givens = rowsOf(task, puzzleText);
  $('steps').textContent = '';
  $('banner').textContent = '';
  state.stepTimes = [];
  state.lastStep = null;
  setStatus(`Solving ${task} (${strategy})…`, 'running');
  const t0 = performance.now();
  let tPrev = t0;
  let r;
  try {
    r = await sdk.solve(task, input, {
      strategy,
      onStep(e) {
        const now = performance.now();
        state.stepTimes.push(now - tPrev);
        tPrev = now;
        state.lastStep = e;
        draw(task, e.formatted, { givens, confidence: e.confidence, verified: e.verified });
        $('steps').textContent += `step ${String(e.step).padStart(2)}  ${String(e.changed?.length ?? 0).padStart(3)} changed  q_halt ${e.qHalt.toFixed(2)}  ${e.verified ? 'verified ✓' : ''}\n`;
      },
    });
  } catch (err) {
    setStatus(`${err.code ?? 'Error'}: ${err.message}`, 'error');
    const out = { task, error: err.code ?? String(err), message: err.message };
    $('out').textContent = JSON.stringify(out);
    return out;
  }
  const ms = performance.now() - t0;
  const fallback = r.source !== 'neural' && r.steps > 0;
  // The final board keeps the last model step's confidences; cells the symbolic solver changed are outlined.
  draw(task, r.formatted, { givens, confidence: state.lastStep?.confidence, verified: r.verified, fallbackFrom: fallback && state.lastStep ? rowsOf(task, state.lastStep.formatted) : null });
  if (r.steps > 0) await describeEngine();
  // Per step: the solve's neural time over its steps (the first step also starts the engine, so the median of the gaps after it).
  const later = state.stepTimes.slice(1);
  $('model').textContent = r.model ?? '—';
  $('nsteps').textContent = String(r.steps);
  $('perstep').textContent = later.length ? `${median(later).toFixed(1)} ms (median of ${later.length}; ${state.engine ? `${state.engine.engine}/${state.engine.backend}` : ''})` : '—';
  $('source').textContent = r.source;
  $('time').textContent = `${ms.toFixed(0)} ms`;
  const banner = document.createElement('div');
  banner.className = `banner ${r.verified ? (fallback ? 'fallback' : 'ok') : 'fail'}`;
  banner.textContent = r.verified
    ? fallback
      ? `The model stopped short after ${r.steps} steps; the ${r.source} solver finished it (outlined cells) — verified.`
      : `Verified: ${r.source === 'neural' ? `the model's own answer after ${r.steps} step${r.steps === 1 ? '' : 's'}` : `answer from the ${r.source} solver`}.`
    : `Not verified: ${(r.violations ?? []).slice(0, 2).map((v) => v.message).join('; ')}`;
  $('banner').append(banner);
  setStatus(`Done: ${r.verified ? 'verified' : 'NOT verified'} (${r.source}).`, 'done');
  const out = { task, verified: r.verified, source: r.source, steps: r.steps, formatted: r.formatted, backend: r.backend, model: r.model };
  $('out').textContent = JSON.stringify(out);
  return out;
}

$('task').addEventListener('change', loadSample);
$('sample').addEventListener('click', loadSample);
$('generate').addEventListener('click', generate);
$('solve').addEventListener('click', () => void solve());

// For tests and the console: the SDK, the bundle's exports, and the demo's own solve.
window.trmDemo = { trm, sdk, solve, loadSample };
loadSample();
setStatus('Ready. Pick a task, take the sample or generate one, and solve.', 'ready');
