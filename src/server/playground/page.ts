/**
 * The playground served at `GET /`: one self-contained HTML page (inline CSS and JS, no build
 * step, nothing fetched from elsewhere — it must work on machines without internet). Pick a
 * task, paste or generate a puzzle, press Solve and watch the streamed steps refine the answer:
 * changed cells flash, verified steps are ticked, and the final result shows its source.
 *
 * It lives in a .ts module (not a .html file) so `tsc` ships it inside dist/ with the server.
 * Written with String.raw: keep the page free of backticks and dollar-brace sequences.
 */
export const PLAYGROUND_HTML = String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>trm-sdk playground</title>
<style>
  :root { --fg: #1d2330; --muted: #6b7385; --line: #d5d9e2; --accent: #2f6fde; --ok: #1e9e55; --bad: #d23c3c; --flash: #ffe58a; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: #f6f7fa; }
  header { padding: 14px 22px; background: #fff; border-bottom: 1px solid var(--line); display: flex; align-items: baseline; gap: 14px; }
  header h1 { font-size: 18px; margin: 0; }
  header span { color: var(--muted); font-size: 13px; }
  header .key { margin-left: auto; display: flex; align-items: baseline; gap: 6px; }
  header .key label { margin: 0; }
  header .key input { font: 13px ui-monospace, Menlo, monospace; padding: 4px 6px; border: 1px solid var(--line); border-radius: 5px; width: 16em; }
  main { display: grid; grid-template-columns: minmax(280px, 420px) 1fr; gap: 22px; padding: 22px; }
  section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px; }
  label { font-size: 12px; color: var(--muted); display: block; margin: 10px 0 4px; text-transform: uppercase; letter-spacing: .04em; }
  select, button, textarea { font: inherit; }
  select { padding: 5px 8px; border: 1px solid var(--line); border-radius: 5px; background: #fff; }
  textarea { width: 100%; min-height: 190px; font: 13px/1.3 ui-monospace, SFMono-Regular, Menlo, monospace; padding: 8px; border: 1px solid var(--line); border-radius: 5px; resize: vertical; white-space: pre; }
  .row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
  button { padding: 6px 14px; border-radius: 5px; border: 1px solid var(--line); background: #fff; cursor: pointer; }
  button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
  button:disabled { opacity: .5; cursor: default; }
  #taskinfo { color: var(--muted); font-size: 13px; margin-top: 6px; }
  #status { margin: 0 0 12px; font-weight: 600; }
  #status[data-state="error"] { color: var(--bad); }
  #status[data-state="done"][data-verified="true"] { color: var(--ok); }
  #status[data-state="done"][data-verified="false"] { color: var(--bad); }
  #board { display: flex; flex-wrap: wrap; gap: 18px; align-items: flex-start; min-height: 60px; }
  .grid { display: grid; gap: 0; border: 2px solid var(--fg); background: var(--fg); width: max-content; }
  .grid .cell { width: 30px; height: 30px; display: flex; align-items: center; justify-content: center; background: #fff; font: 16px ui-monospace, Menlo, monospace; transition: background .4s; }
  .grid.small .cell { width: 16px; height: 16px; font-size: 10px; }
  .sudoku .cell { border-right: 1px solid var(--line); border-bottom: 1px solid var(--line); }
  .sudoku .cell.box-r { border-right: 2px solid var(--fg); }
  .sudoku .cell.box-b { border-bottom: 2px solid var(--fg); }
  .sudoku .cell.given { font-weight: 700; background: #eef1f7; }
  .sudoku .cell.filled { color: var(--accent); }
  .maze .cell.wall { background: #2b3140; }
  .maze .cell.start { background: #39b36b; color: #fff; }
  .maze .cell.goal { background: #d9483b; color: #fff; }
  .maze .cell.path { background: #f2c94c; }
  .arc { gap: 1px; background: #555; border-width: 1px; }
  .cell.changed { background: var(--flash) !important; }
  .caption { font-size: 12px; color: var(--muted); margin-bottom: 4px; }
  ol#steps { margin: 12px 0 0; padding-left: 22px; font-size: 13px; color: var(--muted); max-height: 180px; overflow: auto; }
  ol#steps li { cursor: pointer; }
  ol#steps li.verified { color: var(--ok); }
  #result { margin-top: 12px; font-size: 13px; white-space: pre-wrap; font-family: ui-monospace, Menlo, monospace; color: var(--muted); }
  #result .source { color: var(--fg); font-weight: 700; }
</style>
</head>
<body>
<header><h1>trm-sdk playground</h1><span>a Tiny Recursive Model proposes, the task plugin verifies</span>
  <span class="key"><label for="apikey">API key</label><input id="apikey" type="password" autocomplete="off" spellcheck="false" placeholder="only if the server needs one"></span></header>
<main>
  <section>
    <label for="task">Task</label>
    <div class="row">
      <select id="task"></select>
      <select id="strategy" title="strategy">
        <option value="hybrid">hybrid</option>
        <option value="neural-first">neural-first</option>
        <option value="symbolic-only">symbolic-only</option>
        <option value="neural-only">neural-only</option>
      </select>
    </div>
    <div id="taskinfo"></div>
    <label for="input">Puzzle</label>
    <textarea id="input" spellcheck="false" placeholder="paste a puzzle, or press Generate"></textarea>
    <div class="row" style="margin-top:10px">
      <select id="difficulty" title="difficulty">
        <option value="easy">easy</option>
        <option value="medium" selected>medium</option>
        <option value="hard">hard</option>
      </select>
      <button id="generate">Generate</button>
      <button id="solve" class="primary">Solve</button>
    </div>
  </section>
  <section>
    <p id="status" data-state="idle">Pick a task and press Solve.</p>
    <div id="board"></div>
    <ol id="steps"></ol>
    <div id="result"></div>
  </section>
</main>
<script>
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var ARC_COLOURS = ['#000000', '#0074d9', '#ff4136', '#2ecc40', '#ffdc00', '#aaaaaa', '#f012be', '#ff851b', '#7fdbff', '#870c25'];
  var tasks = [];
  var current = { puzzleText: '' };

  function kindOf(task) {
    if (/^sudoku/.test(task)) return 'sudoku';
    if (/^maze/.test(task)) return 'maze';
    if (/^arc/.test(task)) return 'arc';
    return 'grid';
  }

  function setStatus(state, text, verified) {
    var s = $('status');
    s.dataset.state = state;
    if (verified === undefined) delete s.dataset.verified; else s.dataset.verified = String(verified);
    s.textContent = text;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function gridBox(cols, cls) {
    var g = el('div', 'grid ' + cls);
    g.style.gridTemplateColumns = 'repeat(' + cols + ', auto)';
    return g;
  }

  // Sudoku family: an n*n string ('.' or '0' blank); boxes of floor(sqrt n) rows.
  function renderSudoku(text, givens, changed) {
    var n = Math.round(Math.sqrt(text.length));
    var br = Math.floor(Math.sqrt(n)), bc = n / br;
    var g = gridBox(n, 'sudoku');
    for (var i = 0; i < n * n; i++) {
      var ch = text[i], blank = ch === '.' || ch === '0';
      var c = el('div', 'cell', blank ? '' : ch);
      var r = Math.floor(i / n), col = i % n;
      if ((col + 1) % bc === 0 && col < n - 1) c.classList.add('box-r');
      if ((r + 1) % br === 0 && r < n - 1) c.classList.add('box-b');
      if (givens && givens[i] && givens[i] !== '.' && givens[i] !== '0') c.classList.add('given');
      else if (!blank) c.classList.add('filled');
      if (changed && changed.has(i)) c.classList.add('changed');
      c.dataset.i = String(i);
      g.appendChild(c);
    }
    return g;
  }

  function renderMaze(rows, changed) {
    var cols = rows.reduce(function (m, r) { return Math.max(m, r.length); }, 0);
    var g = gridBox(cols, 'maze' + (cols > 24 ? ' small' : ''));
    var cls = { '#': 'wall', 'S': 'start', 'G': 'goal', 'o': 'path' };
    rows.forEach(function (row, r) {
      for (var c = 0; c < cols; c++) {
        var ch = row[c] || ' ';
        var cell = el('div', 'cell' + (cls[ch] ? ' ' + cls[ch] : ''), ch === '#' || ch === 'o' ? '' : ch.trim());
        var i = r * cols + c;
        if (changed && changed.has(i)) cell.classList.add('changed');
        cell.dataset.i = String(i);
        g.appendChild(cell);
      }
    });
    return g;
  }

  function renderColours(grid, changed) {
    var cols = grid[0] ? grid[0].length : 0;
    var g = gridBox(cols, 'arc' + (cols > 15 ? ' small' : ''));
    grid.forEach(function (row, r) {
      row.forEach(function (v, c) {
        var cell = el('div', 'cell');
        cell.style.background = ARC_COLOURS[v] || '#fff';
        cell.dataset.v = String(v);
        if (changed && changed.has(r * cols + c)) cell.classList.add('changed');
        g.appendChild(cell);
      });
    });
    return g;
  }

  function renderNumbers(grid, changed) {
    var cols = grid[0] ? grid[0].length : 0;
    var g = gridBox(cols, 'sudoku');
    grid.forEach(function (row, r) {
      row.forEach(function (v, c) {
        var cell = el('div', 'cell', v === 0 ? '' : String(v));
        if (changed && changed.has(r * cols + c)) cell.classList.add('changed');
        g.appendChild(cell);
      });
    });
    return g;
  }

  function captioned(caption, node) {
    var w = el('div');
    w.appendChild(el('div', 'caption', caption));
    w.appendChild(node);
    return w;
  }

  function isGrid(x) {
    return Array.isArray(x) && x.length > 0 && x.every(function (r) { return Array.isArray(r) && r.every(function (v) { return typeof v === 'number'; }); });
  }

  // Draws an answer (or puzzle) by its shape, so user plugins with grid answers render too.
  function render(value, changedList, task) {
    var board = $('board');
    board.textContent = '';
    var changed = changedList ? new Set(changedList) : null;
    var kind = kindOf(task);
    if (typeof value === 'string' && Math.sqrt(value.length) % 1 === 0 && value.length > 1 && value.length <= 256) {
      board.appendChild(renderSudoku(value, kind === 'sudoku' ? current.givens : null, changed));
    } else if (typeof value === 'string') {
      board.appendChild(renderMaze(value.split('\n'), changed));
    } else if (Array.isArray(value) && value.every(function (r) { return typeof r === 'string'; })) {
      board.appendChild(renderMaze(value, changed));
    } else if (value && Array.isArray(value.attempts)) {
      value.attempts.forEach(function (atts, t) {
        atts.forEach(function (grid, a) { board.appendChild(captioned('test ' + (t + 1) + ', attempt ' + (a + 1), renderColours(grid, changed))); });
      });
    } else if (value && Array.isArray(value.test)) {
      value.test.forEach(function (p, t) { board.appendChild(captioned('test input ' + (t + 1), renderColours(p.input))); });
    } else if (isGrid(value)) {
      board.appendChild(kind === 'arc' ? renderColours(value, changed) : renderNumbers(value, changed));
    } else if (value !== null && value !== undefined) {
      board.appendChild(el('pre', '', JSON.stringify(value, null, 1)));
    }
  }

  // The textarea as a request body: puzzle / maze / task, per the task's input form.
  function readInput(task) {
    var text = $('input').value;
    var t = text.trim();
    var kind = kindOf(task);
    if (kind === 'arc') return { task: JSON.parse(t) };
    if (kind === 'maze') {
      if (t[0] === '[') return { maze: JSON.parse(t) };
      var rows = text.replace(/\r/g, '').split('\n');
      while (rows.length && rows[rows.length - 1].trim() === '') rows.pop();
      while (rows.length && rows[0].trim() === '') rows.shift();
      return { maze: rows };
    }
    if (t[0] === '[') return { puzzle: JSON.parse(t) };
    return { puzzle: t.replace(/\s+/g, '') };
  }

  function showPuzzle() {
    var task = $('task').value;
    try {
      var body = readInput(task);
      var p = body.puzzle !== undefined ? body.puzzle : body.maze !== undefined ? body.maze : body.task;
      current.givens = typeof p === 'string' ? p : null;
      render(p, null, task);
    } catch (e) {
      $('board').textContent = '';
    }
  }

  // JSON with rows of numbers kept on one line each, so grids read as grids.
  function pretty(v, indent) {
    indent = indent || '';
    var inner = indent + '  ';
    if (Array.isArray(v) && v.every(function (x) { return typeof x !== 'object' || x === null; })) return JSON.stringify(v);
    if (Array.isArray(v)) return '[\n' + v.map(function (x) { return inner + pretty(x, inner); }).join(',\n') + '\n' + indent + ']';
    if (v && typeof v === 'object') {
      return '{\n' + Object.keys(v).map(function (k) { return inner + JSON.stringify(k) + ': ' + pretty(v[k], inner); }).join(',\n') + '\n' + indent + '}';
    }
    return JSON.stringify(v);
  }

  function setInput(value) {
    $('input').value = typeof value === 'string' ? value : Array.isArray(value) && value.every(function (r) { return typeof r === 'string'; }) ? value.join('\n') : pretty(value);
    $('steps').textContent = '';
    $('result').textContent = '';
    showPuzzle();
  }

  function onTask() {
    var t = tasks.find(function (x) { return x.name === $('task').value; });
    if (!t) return;
    $('taskinfo').textContent = t.description + (t.modelLoaded ? ' · model ' + t.model : ' · no model loaded (' + (t.symbolicSolver ? 'symbolic solver' : t.programSearch ? 'program search' : 'no symbolic solver') + ')');
    $('generate').disabled = !t.generator;
    setStatus('idle', 'Ready.');
    if (t.samples && t.samples.length) setInput(t.samples[0]);
    else setInput('');
  }

  // The API key (when the server has keys) lives in this tab's sessionStorage and goes out as a
  // Bearer header on every API call; the page itself is served without one.
  var KEY_ITEM = 'trm-sdk.apiKey';
  function apiKey() { try { return sessionStorage.getItem(KEY_ITEM) || ''; } catch (e) { return ''; } }
  function api(path, init) {
    init = init || {};
    var headers = Object.assign({}, init.headers || {});
    var key = apiKey();
    if (key) headers['authorization'] = 'Bearer ' + key;
    return fetch(path, Object.assign({}, init, { headers: headers }));
  }

  async function loadTasks() {
    var res = await api('tasks');
    var body = await res.json();
    if (!res.ok) { showError(body); if (res.status === 401) $('apikey').focus(); return; }
    tasks = body.tasks || [];
    var sel = $('task');
    sel.textContent = '';
    tasks.forEach(function (t) { var o = el('option', '', t.name); o.value = t.name; sel.appendChild(o); });
    onTask();
  }

  async function generate() {
    var task = $('task').value;
    setStatus('solving', 'Generating…');
    try {
      var res = await api('generate/' + encodeURIComponent(task) + '?difficulty=' + encodeURIComponent($('difficulty').value));
      var body = await res.json();
      if (!res.ok) { showError(body); return; }
      setInput(body.puzzle);
      setStatus('idle', 'Generated a ' + task + ' puzzle' + (body.difficulty !== null ? ' (difficulty ' + body.difficulty + ')' : '') + '.');
    } catch (e) {
      setStatus('error', String(e && e.message || e));
    }
  }

  function showError(body) {
    var e = body && body.error ? body.error : { code: 'ERROR', message: JSON.stringify(body) };
    setStatus('error', e.code + ': ' + e.message);
  }

  // Reads a text/event-stream response with fetch (EventSource cannot POST).
  async function readEvents(res, onEvent) {
    var reader = res.body.getReader();
    var decoder = new TextDecoder();
    var buf = '';
    for (;;) {
      var chunk = await reader.read();
      if (chunk.done) break;
      buf += decoder.decode(chunk.value, { stream: true });
      var cut;
      while ((cut = buf.indexOf('\n\n')) >= 0) {
        var block = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        var name = 'message', data = [];
        block.split('\n').forEach(function (line) {
          if (line.indexOf('event:') === 0) name = line.slice(6).trim();
          else if (line.indexOf('data:') === 0) data.push(line.slice(5).replace(/^ /, ''));
        });
        if (data.length) onEvent(name, JSON.parse(data.join('\n')));
      }
    }
  }

  async function solve() {
    var task = $('task').value;
    var body;
    try { body = readInput(task); } catch (e) { setStatus('error', 'the puzzle is not valid JSON: ' + e.message); return; }
    body.options = { strategy: $('strategy').value };
    showPuzzle();
    $('steps').textContent = '';
    $('result').textContent = '';
    $('solve').disabled = true;
    setStatus('solving', 'Solving…');
    var t0 = performance.now();
    try {
      var res = await api('solve/' + encodeURIComponent(task) + '?stream=true', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!res.ok) { showError(await res.json()); return; }
      await readEvents(res, function (name, data) {
        if (name === 'step') {
          render(data.formatted, data.changed, task);
          var nChanged = data.changed ? data.changed.length : 0;
          var li = el('li', data.verified ? 'verified' : '', 'step ' + data.step + ' · ' + nChanged + ' changed · q_halt ' + Number(data.qHalt).toFixed(2) + (data.verified ? ' · verified ✓' : ''));
          li.title = 'show this step';
          // Clicking a step shows its answer again, with the cells it changed highlighted.
          li.addEventListener('click', function () { render(data.formatted, data.changed, task); });
          $('steps').appendChild(li);
          setStatus('solving', 'Step ' + data.step + (data.verified ? ' (verified)' : '') + '…');
        } else if (name === 'result') {
          window.__trmLastResult = data;
          render(data.answer, null, task);
          setStatus('done', (data.verified ? 'Verified ✓ ' : 'Not verified ✗ ') + '(' + data.source + ')', data.verified);
          var info = $('result');
          info.textContent = '';
          info.appendChild(el('span', 'source', 'source: ' + data.source));
          info.appendChild(document.createTextNode(
            '\nverified: ' + data.verified + (data.verification ? ' (' + data.verification + ')' : '') +
            (data.program ? '\nprogram: ' + data.program : '') +
            (data.search ? '\nsearch: ' + data.search.tried + ' programs tried, depth ' + data.search.depth + (data.search.timedOut ? ', ran out of time' : '') : '') +
            '\nsteps: ' + data.steps + '\nunique: ' + data.unique +
            '\nsolver time: ' + data.timingsMs.total.toFixed(1) + ' ms · round trip: ' + (performance.now() - t0).toFixed(0) + ' ms' +
            (data.violations.length ? '\nviolations:\n  ' + data.violations.map(function (v) { return v.message; }).join('\n  ') : '')));
        } else if (name === 'error') {
          showError(data);
        }
      });
    } catch (e) {
      setStatus('error', String(e && e.message || e));
    } finally {
      $('solve').disabled = false;
    }
  }

  $('apikey').value = apiKey();
  $('apikey').addEventListener('change', function () {
    try { sessionStorage.setItem(KEY_ITEM, $('apikey').value.trim()); } catch (e) { /* storage off: key is not kept */ }
    loadTasks().catch(function (e) { setStatus('error', 'cannot load tasks: ' + e.message); });
  });
  $('task').addEventListener('change', onTask);
  $('input').addEventListener('input', showPuzzle);
  $('generate').addEventListener('click', generate);
  $('solve').addEventListener('click', solve);
  loadTasks().catch(function (e) { setStatus('error', 'cannot load tasks: ' + e.message); });
})();
</script>
</body>
</html>
`;
