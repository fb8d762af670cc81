// The playground page: JavaScript glue around the WebAssembly module built from the crate
// book/playground (common's layers and optimizers compiled for the browser). Everything that
// computes is in the module; this file reads the controls, calls the module's exported
// functions, and draws what they return. The module is embedded, base64-encoded, in
// playground-wasm.js, so the page also works opened straight from disk.
(function () {
  'use strict';
  const root = document.getElementById('pg-app');
  if (!root) return;
  const $ = (id) => document.getElementById(id);

  const COLORS = [
    [31, 119, 180], // class 0: blue
    [255, 127, 14], // class 1: orange
    [44, 160, 44], // class 2: green
  ];
  const EXTENT = 1.25; // the plot shows [-1.25, 1.25]² (as session::EXTENT)
  const RESOLUTION = 64; // cells per side of the decision-region grid

  // --- the module -------------------------------------------------------------------------
  let wasm = null; // the instance's exports
  let compiled = null; // the compiled module, kept to restart after an internal error
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  // A call may grow the module's memory, which detaches every view of the old buffer: so
  // each view is made after the calls, from `wasm.memory.buffer` as it is then.
  function message() {
    const [ptr, len] = [wasm.pg_message_ptr(), wasm.pg_message_len()];
    return decoder.decode(new Uint8Array(wasm.memory.buffer, ptr, len));
  }
  function output() {
    const [ptr, len] = [wasm.pg_output_ptr(), wasm.pg_output_len()];
    return new Float32Array(wasm.memory.buffer, ptr, len).slice();
  }
  function sendText(text) {
    const bytes = encoder.encode(text);
    const ptr = wasm.pg_text_buffer(bytes.length);
    new Uint8Array(wasm.memory.buffer, ptr, bytes.length).set(bytes);
  }
  function sendFloats(values) {
    const ptr = wasm.pg_float_buffer(values.length);
    new Float32Array(wasm.memory.buffer, ptr, values.length).set(values);
  }

  // Every call into the module goes through here: a trap (a bug, never bad input) restarts
  // the module with the last good settings and is reported, instead of breaking the page.
  function call(f, fallback) {
    try {
      return f();
    } catch (e) {
      if (!(e instanceof WebAssembly.RuntimeError)) throw e;
      showError('internal', `internal error (${e.message}); the playground restarted`);
      restart();
      return fallback;
    }
  }

  async function load() {
    if (typeof window.DLFS_PLAYGROUND_WASM !== 'string') {
      throw new Error('playground-wasm.js is missing: build the book with book/build.sh');
    }
    const binary = atob(window.DLFS_PLAYGROUND_WASM);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    compiled = await WebAssembly.compile(bytes);
    wasm = (await WebAssembly.instantiate(compiled, {})).exports;
  }

  function restart() {
    wasm = new WebAssembly.Instance(compiled, {}).exports;
    sendText(settingsText());
    if (wasm.pg_settings() !== 0) sendText(lastGood);
    wasm.pg_settings();
    reset();
  }

  // --- settings ---------------------------------------------------------------------------
  // Each control sends one `key=value` line; the module checks it and keeps its last good
  // settings when it refuses one.
  const FIELDS = {
    dataset: 'pg-dataset',
    hidden: 'pg-hidden',
    activation: 'pg-activation',
    optimizer: 'pg-optimizer',
    lr: 'pg-lr',
    batch: 'pg-batch',
    decay: 'pg-decay',
    seed: 'pg-seed',
  };
  const errors = new Map(); // field → message, for the fields that hold a refused value
  let lastGood = '';

  function settingsText() {
    return Object.entries(FIELDS)
      .filter(([key]) => !errors.has(key))
      .map(([key, id]) => `${key}=${$(id).value}`)
      .join('\n');
  }

  function showMessages() {
    const box = $('pg-message');
    const list = [...errors.values()];
    box.textContent = list.join(' · ');
    box.hidden = list.length === 0;
  }
  function showError(key, text) {
    errors.set(key, text);
    showMessages();
  }
  function clearError(key) {
    errors.delete(key);
    showMessages();
  }

  function onSetting(key) {
    const input = $(FIELDS[key]);
    sendText(`${key}=${input.value}`);
    const rc = call(() => wasm.pg_settings(), 1);
    if (rc !== 0) {
      showError(key, message());
      input.classList.add('pg-invalid');
      input.setAttribute('aria-invalid', 'true');
      return;
    }
    clearError(key);
    input.classList.remove('pg-invalid');
    input.removeAttribute('aria-invalid');
    lastGood = settingsText();
    const pending = message();
    // A new dataset, or a run that has not started, takes the settings at once; a run under
    // way keeps going until Reset.
    if (key === 'dataset' || steps === 0) {
      reset();
    } else if (pending !== $('pg-summary').textContent) {
      $('pg-pending').textContent = `Next Reset: ${pending}`;
      $('pg-pending').hidden = false;
    }
  }

  // --- the training run -------------------------------------------------------------------
  let training = false;
  let steps = 0;
  let history = []; // [step, loss]
  let rateFrom = null; // [time, steps] at the start of the speed display's half second
  let stopped = ''; // why training stopped by itself

  function reset() {
    const rc = call(() => wasm.pg_reset(), 1);
    if (rc !== 0) {
      showError('run', message());
      return;
    }
    clearError('run');
    $('pg-summary').textContent = message();
    $('pg-pending').hidden = true;
    history = [];
    steps = 0;
    stopped = '';
    classButtons();
    draw();
  }

  function setTraining(on) {
    training = on;
    $('pg-train').textContent = on ? 'Pause' : 'Train';
    $('pg-train').setAttribute('aria-pressed', String(on));
  }

  function trainSteps(count) {
    const rc = call(() => wasm.pg_train(count), 1);
    if (rc !== 0) {
      setTraining(false);
      stopped = message();
      showError('run', stopped);
    }
  }

  function frame() {
    if (wasm && training) {
      trainSteps(Number($('pg-speed').value));
      draw();
    }
    requestAnimationFrame(frame);
  }

  // --- drawing ----------------------------------------------------------------------------
  const plot = $('pg-plot');
  const ctx = plot.getContext('2d');
  const cells = document.createElement('canvas');
  cells.width = cells.height = RESOLUTION;
  const cellCtx = cells.getContext('2d');

  function draw() {
    if (!wasm) return;
    steps = call(() => wasm.pg_progress(), 0);
    const [loss, accuracy] = output();
    if (Number.isFinite(loss) && (history.length === 0 || history[history.length - 1][0] !== steps)) {
      history.push([steps, loss]);
      if (history.length > 1200) history = history.filter((_, i) => i % 2 === 0);
    }
    $('pg-steps').textContent = String(steps);
    $('pg-loss').textContent = Number.isFinite(loss) ? loss.toFixed(4) : '–';
    $('pg-accuracy').textContent = Number.isFinite(accuracy) ? `${(accuracy * 100).toFixed(1)}%` : '–';
    root.dataset.steps = String(steps);
    root.dataset.loss = String(loss);
    root.dataset.accuracy = String(accuracy);
    // The training speed as the reader sees it (steps per second of clock time), every half second.
    const now = performance.now();
    if (!training) {
      rateFrom = null;
      $('pg-rate').textContent = '';
    } else if (rateFrom === null) {
      rateFrom = [now, steps];
    } else if (now - rateFrom[0] > 500) {
      $('pg-rate').textContent = `· ${Math.round(((steps - rateFrom[1]) / (now - rateFrom[0])) * 1000)} steps/s`;
      rateFrom = [now, steps];
    }
    drawRegions();
    drawPoints();
    drawLoss();
  }

  function drawRegions() {
    const classes = call(() => wasm.pg_regions(RESOLUTION), 0);
    if (!classes) return;
    const p = output();
    const image = cellCtx.createImageData(RESOLUTION, RESOLUTION);
    for (let cell = 0; cell < RESOLUTION * RESOLUTION; cell++) {
      let best = 0;
      const mix = [0, 0, 0];
      for (let k = 0; k < classes; k++) {
        const pk = p[cell * classes + k];
        best = Math.max(best, pk);
        for (let c = 0; c < 3; c++) mix[c] += pk * COLORS[k][c];
      }
      // The surer the network, the stronger the colour (white where it cannot tell).
      const sure = (best - 1 / classes) / (1 - 1 / classes);
      const strength = 0.2 + 0.5 * sure;
      for (let c = 0; c < 3; c++) image.data[cell * 4 + c] = 255 + (mix[c] - 255) * strength;
      image.data[cell * 4 + 3] = 255;
    }
    cellCtx.putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(cells, 0, 0, plot.width, plot.height);
  }

  function drawPoints() {
    const n = call(() => wasm.pg_points(), 0);
    const pts = output();
    const scale = plot.width / (2 * EXTENT);
    ctx.lineWidth = 1.5;
    for (let i = 0; i < n; i++) {
      const [x, y, k] = [pts[3 * i], pts[3 * i + 1], pts[3 * i + 2]];
      ctx.beginPath();
      ctx.arc((x + EXTENT) * scale, (EXTENT - y) * scale, 4.5, 0, 2 * Math.PI);
      ctx.fillStyle = `rgb(${COLORS[k].join(',')})`;
      ctx.fill();
      ctx.strokeStyle = '#fff';
      ctx.stroke();
    }
    // axes through the origin
    ctx.strokeStyle = 'rgba(0,0,0,0.25)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(plot.width / 2, 0);
    ctx.lineTo(plot.width / 2, plot.height);
    ctx.moveTo(0, plot.height / 2);
    ctx.lineTo(plot.width, plot.height / 2);
    ctx.stroke();
  }

  function drawLoss() {
    const c = $('pg-loss-curve');
    const g = c.getContext('2d');
    const [w, h, pad] = [c.width, c.height, 28];
    g.clearRect(0, 0, w, h);
    g.fillStyle = '#fff';
    g.fillRect(0, 0, w, h);
    g.strokeStyle = '#999';
    g.lineWidth = 1;
    g.strokeRect(pad, 6, w - pad - 6, h - pad - 6);
    g.fillStyle = '#333';
    g.font = '11px sans-serif';
    const maxLoss = Math.max(0.1, ...history.map((p) => p[1]));
    const lastStep = history.length ? history[history.length - 1][0] : steps;
    g.fillText(maxLoss.toFixed(2), 2, 14);
    g.fillText('0', 16, h - pad + 4);
    g.fillText(`step ${lastStep}`, w - 70, h - 8);
    g.fillText('loss', pad + 4, h - 8);
    if (history.length < 2) return;
    g.strokeStyle = 'rgb(31,119,180)';
    g.lineWidth = 1.5;
    g.beginPath();
    history.forEach(([s, l], i) => {
      const x = pad + ((w - pad - 6) * s) / Math.max(1, lastStep);
      const y = 6 + (h - pad - 6) * (1 - l / maxLoss);
      if (i === 0) g.moveTo(x, y);
      else g.lineTo(x, y);
    });
    g.stroke();
  }

  // --- clicked points -----------------------------------------------------------------------
  function classButtons() {
    const classes = $('pg-dataset').value === 'circle' || $('pg-dataset').value === 'xor' ? 2 : 3;
    for (const input of document.querySelectorAll('input[name="pg-class"]')) {
      const k = Number(input.value);
      input.disabled = k >= classes;
      if (input.disabled && input.checked) document.querySelector('input[name="pg-class"][value="0"]').checked = true;
    }
  }

  plot.addEventListener('click', (event) => {
    const rect = plot.getBoundingClientRect();
    const x = -EXTENT + (2 * EXTENT * (event.clientX - rect.left)) / rect.width;
    const y = EXTENT - (2 * EXTENT * (event.clientY - rect.top)) / rect.height;
    const k = Number(document.querySelector('input[name="pg-class"]:checked').value);
    const rc = call(() => wasm.pg_add_point(x, y, k), 1);
    if (rc !== 0) showError('point', message());
    else clearError('point');
    draw();
  });

  // --- the digit canvas -----------------------------------------------------------------------
  const pad = $('pg-digit');
  const pen = pad.getContext('2d', { willReadFrequently: true });
  let drawing = false;
  let last = null;
  let classifyQueued = false;

  function padPoint(event) {
    const rect = pad.getBoundingClientRect();
    return [((event.clientX - rect.left) * pad.width) / rect.width, ((event.clientY - rect.top) * pad.height) / rect.height];
  }
  function clearPad() {
    pen.clearRect(0, 0, pad.width, pad.height);
    for (const id of ['pg-probs-mlp', 'pg-probs-cnn']) bars(id, null);
    $('pg-prepared').getContext('2d').clearRect(0, 0, 28, 28);
  }
  pad.addEventListener('pointerdown', (event) => {
    drawing = true;
    last = padPoint(event);
    pad.setPointerCapture?.(event.pointerId);
    stroke(last);
  });
  pad.addEventListener('pointermove', (event) => {
    if (!drawing) return;
    stroke(padPoint(event));
  });
  const endStroke = () => {
    if (!drawing) return;
    drawing = false;
    classify();
  };
  pad.addEventListener('pointerup', endStroke);
  pad.addEventListener('pointerleave', endStroke);
  pad.addEventListener('pointercancel', endStroke);

  function stroke(to) {
    pen.strokeStyle = '#000';
    pen.lineWidth = pad.width / 14;
    pen.lineCap = 'round';
    pen.lineJoin = 'round';
    pen.beginPath();
    pen.moveTo(last[0], last[1]);
    pen.lineTo(to[0], to[1]);
    pen.stroke();
    last = to;
    if (!classifyQueued) {
      classifyQueued = true;
      requestAnimationFrame(() => {
        classifyQueued = false;
        classify();
      });
    }
  }

  function classify() {
    if (!wasm) return;
    const { data } = pen.getImageData(0, 0, pad.width, pad.height);
    const ink = new Float32Array(pad.width * pad.height);
    for (let i = 0; i < ink.length; i++) ink[i] = data[4 * i + 3] / 255; // the pen's opacity
    sendFloats(ink);
    const rc = call(() => wasm.pg_digit(pad.width, pad.height), 1);
    if (rc !== 0) {
      $('pg-digit-message').textContent = message();
      return;
    }
    $('pg-digit-message').textContent = '';
    const out = output();
    const prepared = $('pg-prepared').getContext('2d');
    const img = prepared.createImageData(28, 28);
    for (let i = 0; i < 784; i++) {
      const v = 255 * (1 - out[i]);
      img.data.set([v, v, v, 255], 4 * i);
    }
    prepared.putImageData(img, 0, 0);
    bars('pg-probs-mlp', out.slice(784, 794));
    bars('pg-probs-cnn', out.slice(794, 804));
  }

  function bars(id, probs) {
    const box = $(id);
    const top = probs ? probs.indexOf(Math.max(...probs)) : -1;
    box.dataset.top = String(top);
    box.querySelector('.pg-top').textContent = probs ? String(top) : '–';
    const rows = box.querySelectorAll('.pg-bar');
    rows.forEach((row, k) => {
      const p = probs ? probs[k] : 0;
      row.querySelector('.pg-fill').style.width = `${(100 * p).toFixed(1)}%`;
      row.querySelector('.pg-pct').textContent = probs ? `${(100 * p).toFixed(1)}%` : '';
      row.classList.toggle('pg-best', k === top);
    });
  }
  for (const id of ['pg-probs-mlp', 'pg-probs-cnn']) {
    const list = $(id).querySelector('.pg-bars');
    for (let k = 0; k < 10; k++) {
      const row = document.createElement('div');
      row.className = 'pg-bar';
      row.innerHTML = `<span class="pg-digit-label">${k}</span><span class="pg-track"><span class="pg-fill"></span></span><span class="pg-pct"></span>`;
      list.appendChild(row);
    }
  }

  // --- speed ----------------------------------------------------------------------------------
  // Times the module's own training loop on a separate run (the reader's run is untouched):
  // 2 → 8 → 8 → classes on the dataset's 200 points, SGD, mini-batches of `batch` points.
  function benchmark(batch = 10, count = 3000) {
    if (call(() => wasm.pg_bench_start(batch), 1) !== 0) throw new Error(message());
    const net = message();
    call(() => wasm.pg_bench_train(100), 1); // warm up
    const t0 = performance.now();
    if (call(() => wasm.pg_bench_train(count), 1) !== 0) throw new Error(message());
    const ms = performance.now() - t0;
    return { net, steps: count, ms, stepsPerSecond: (count / ms) * 1000 };
  }

  // --- wiring ---------------------------------------------------------------------------------
  function wire() {
    for (const [key, id] of Object.entries(FIELDS)) {
      const input = $(id);
      input.addEventListener('change', () => onSetting(key));
    }
    $('pg-train').addEventListener('click', () => {
      if (stopped) return; // a run that blew up needs a Reset
      setTraining(!training);
    });
    $('pg-step').addEventListener('click', () => {
      setTraining(false);
      if (!stopped) trainSteps(1);
      draw();
    });
    $('pg-reset').addEventListener('click', () => {
      setTraining(false);
      reset();
    });
    $('pg-clear-points').addEventListener('click', () => {
      call(() => wasm.pg_clear_points());
      reset();
    });
    $('pg-digit-clear').addEventListener('click', clearPad);
    $('pg-bench').addEventListener('click', () => {
      const batch = 10;
      const r = benchmark(batch);
      $('pg-bench-result').textContent =
        `${Math.round(r.stepsPerSecond)} steps/s (${r.net.split(',').slice(0, 4).join(',')})`;
    });
  }

  async function start() {
    try {
      await load();
    } catch (e) {
      $('pg-loading').textContent = `The playground cannot start: ${e.message}`;
      root.dataset.state = 'failed';
      return;
    }
    $('pg-loading').hidden = true;
    root.hidden = false;
    wire();
    for (const key of Object.keys(FIELDS)) {
      sendText(`${key}=${$(FIELDS[key]).value}`);
      if (call(() => wasm.pg_settings(), 1) !== 0) showError(key, message());
    }
    lastGood = settingsText();
    reset();
    clearPad();
    requestAnimationFrame(frame);
    root.dataset.state = 'ready';
    // For the book's browser test, and for readers who like a console.
    window.dlfsPlayground = { benchmark, exports: () => wasm };
  }

  start();
})();
