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

  // --- language ---------------------------------------------------------------------------
  // The Chinese book (<html lang="zh-CN">) shows the page's controls and messages in Chinese.
  // The module speaks English: each of its messages is matched against MESSAGES and shown in
  // Chinese, or as it is when no pattern matches (a message added to the module later).
  const ZH = document.documentElement.lang === 'zh-CN';
  const CONTROLS = {
    // id of a control → its label (the text before it inside its <label>)
    'pg-dataset': '数据',
    'pg-hidden': '隐藏层',
    'pg-activation': '激活函数',
    'pg-optimizer': '优化器',
    'pg-lr': '学习率',
    'pg-batch': '批大小',
    'pg-decay': '权值衰减 λ',
    'pg-seed': '随机种子',
    'pg-speed': '每帧步数',
  };
  const TEXTS = {
    // id → text content
    'pg-train': '训练',
    'pg-step': '单步',
    'pg-reset': '重置',
    'pg-clear-points': '清除我的点',
    'pg-bench': '测量速度',
    'pg-digit-clear': '清除',
    'draw-a-digit': '写一个数字',
    'pg-digit-prompt': '用鼠标或手指在白色方框里写一个 0 到 9 的数字：两个网络边写边识别。',
  };
  const OPTIONS = { circle: '圆', blobs: '高斯团块', spiral: '螺旋', empty: '只用我点的点' };
  const SETTING_NAMES = { 'learning rate': '学习率', 'weight decay': '权值衰减' };
  const list = (english) => english.replace(/, /g, '、').replace(/ or /g, ' 或 ');
  const MESSAGES = [
    [/^unknown dataset '(.*)': choose (.*)$/, (d, l) => `未知的数据集“${d}”：请选择 ${list(l)}`],
    [/^hidden layers: '(.*)' is not a list of whole numbers \(write e\.g\. 8, 8\)$/, (t) => `隐藏层：“${t}”不是整数列表（例如写作 8, 8）`],
    [/^hidden layers: every layer needs at least one unit \(got (.*)\)$/, (t) => `隐藏层：每层至少要有一个单元（输入的是 ${t}）`],
    [/^hidden layers: at most (\d+) layers of at most (\d+) units here \(got (.*)\)$/, (l, u, t) => `隐藏层：这里最多 ${l} 层，每层最多 ${u} 个单元（输入的是 ${t}）`],
    [/^unknown activation '(.*)': expected (.*)$/, (a, l) => `未知的激活函数“${a}”：应为 ${list(l)}`],
    [/^unknown optimizer '(.*)': expected (.*)$/, (o, l) => `未知的优化器“${o}”：应为 ${list(l)}`],
    [/^(learning rate|weight decay): '(.*)' is not a number$/, (n, t) => `${SETTING_NAMES[n]}：“${t}”不是数`],
    [/^learning rate: must be greater than 0 \(got (.*)\); (.*) needs η > 0$/, (v, f) => `学习率：必须大于 0（输入的是 ${v}）；更新 ${f.replace(/^the step /, '')} 需要 η > 0`],
    [/^batch size: must be a whole number from 1 to (\d+) \(got '(.*)'\)$/, (m, t) => `批大小：必须是 1 到 ${m} 之间的整数（输入的是“${t}”）`],
    [/^weight decay: λ must be 0 or more \(got (.*)\)$/, (v) => `权值衰减：λ 不能小于 0（输入的是 ${v}）`],
    [/^seed: must be a whole number ≥ 0 \(got '(.*)'\)$/, (t) => `随机种子：必须是 ≥ 0 的整数（输入的是“${t}”）`],
    [/^unknown setting '(.*)'$/, (k) => `未知的设置“${k}”`],
    [/^there are no points to learn: click on the plot to add some$/, () => '没有可以学习的点：在图上点击，添加一些点'],
    [
      /^the loss became (not a number|infinite) after (\d+) steps: /,
      (what, n) =>
        `第 ${n} 步之后，损失变成了${what === 'infinite' ? '无穷大' : ' NaN（不是数）'}：学习率可能太大了` +
        '（步子迈过了头，权重发散）；请调小学习率，再按“重置”',
    ],
    [/^a clicked point's class must be below (\d+) for this dataset \(got (\d+)\)$/, (k, c) => `这个数据集中点的类别必须小于 ${k}（点击的是 ${c}）`],
    [/^a clicked point must be a finite position$/, () => '点击的位置必须是有限的数'],
    [/^the canvas is empty: draw a digit first$/, () => '画布是空的：请先写一个数字'],
    [/^press Reset first$/, () => '请先按“重置”'],
    [/^internal error \((.*)\); the playground restarted$/, (e) => `内部错误（${e}）；游乐场已重新启动`],
  ];
  /** A run's summary, "2 → 8 → 8 → 2, ReLU, SGD η = 0.1, batch 10, λ = 0, seed 42", in Chinese. */
  const summaryZh = (text) => text.replace(/, /g, '，').replace(/\bbatch (\d+)/, '批大小 $1').replace(/\bseed (\d+)/, '随机种子 $1');
  /** A message of the module (or of this page) in the book's language. */
  function say(english) {
    if (!ZH) return english;
    if (/^\d+( → \d+)+,/.test(english)) return summaryZh(english);
    for (const [re, zh] of MESSAGES) {
      const m = english.match(re);
      if (m) return zh(...m.slice(1));
    }
    return english;
  }
  function localizePage() {
    if (!ZH) return;
    for (const [id, label] of Object.entries(CONTROLS)) {
      const text = $(id)?.parentElement?.firstChild;
      if (text && text.nodeType === Node.TEXT_NODE) text.textContent = `${label} `;
    }
    for (const [id, text] of Object.entries(TEXTS)) if ($(id)) $(id).textContent = text;
    for (const option of $('pg-dataset').options) if (OPTIONS[option.value]) option.textContent = OPTIONS[option.value];
    $('pg-hidden').title = '各层的宽度，例如 8, 8；留空表示没有隐藏层';
    $('pg-plot').setAttribute('aria-label', '数据点和网络的决策区域；点击可添加一个点');
    $('pg-loss-curve').setAttribute('aria-label', '所有点上的损失，逐步变化');
    $('pg-digit').setAttribute('aria-label', '在这里写一个数字');
    $('pg-rate').title = '训练时每秒的训练步数';
    root.querySelector('.pg-classes legend').textContent = '点击添加的点属于类别';
    const stats = root.querySelector('.pg-stats');
    for (const [english, zh] of [['step', '步数'], ['loss', '损失'], ['accuracy', '识别精度']]) {
      for (const node of stats.childNodes) {
        if (node.nodeType === Node.TEXT_NODE && node.textContent.includes(english)) {
          node.textContent = node.textContent.replace(english, zh);
        }
      }
    }
    const summary = $('pg-summary').previousSibling;
    if (summary && summary.nodeType === Node.TEXT_NODE) summary.textContent = '当前运行：';
    const seen = $('pg-prepared').previousElementSibling;
    if (seen) seen.textContent = '网络看到的：';
    $('pg-probs-mlp').querySelector('.pg-probs-title').firstChild.textContent = '第3章的网络：';
    $('pg-probs-cnn').querySelector('.pg-probs-title').firstChild.textContent = '第7章的 SimpleConvNet：';
  }

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
      showError('internal', say(`internal error (${e.message}); the playground restarted`));
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
      showError(key, say(message()));
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
    } else if (pending !== summary) {
      $('pg-pending').textContent = ZH ? `下次重置时：${say(pending)}` : `Next Reset: ${pending}`;
      $('pg-pending').hidden = false;
    }
  }

  // --- the training run -------------------------------------------------------------------
  let training = false;
  let steps = 0;
  let history = []; // [step, loss]
  let rateFrom = null; // [time, steps] at the start of the speed display's half second
  let stopped = ''; // why training stopped by itself
  let summary = ''; // the settings of the run, as the module says them

  function reset() {
    const rc = call(() => wasm.pg_reset(), 1);
    if (rc !== 0) {
      showError('run', say(message()));
      return;
    }
    clearError('run');
    summary = message();
    $('pg-summary').textContent = say(summary);
    $('pg-pending').hidden = true;
    history = [];
    steps = 0;
    stopped = '';
    classButtons();
    draw();
  }

  function setTraining(on) {
    training = on;
    $('pg-train').textContent = ZH ? (on ? '暂停' : '训练') : on ? 'Pause' : 'Train';
    $('pg-train').setAttribute('aria-pressed', String(on));
  }

  function trainSteps(count) {
    const rc = call(() => wasm.pg_train(count), 1);
    if (rc !== 0) {
      setTraining(false);
      stopped = say(message());
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
      const rate = Math.round(((steps - rateFrom[1]) / (now - rateFrom[0])) * 1000);
      $('pg-rate').textContent = ZH ? `· 每秒 ${rate} 步` : `· ${rate} steps/s`;
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
    g.fillText(ZH ? `第 ${lastStep} 步` : `step ${lastStep}`, w - 70, h - 8);
    g.fillText(ZH ? '损失' : 'loss', pad + 4, h - 8);
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
    if (rc !== 0) showError('point', say(message()));
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
      $('pg-digit-message').textContent = say(message());
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
      const net = r.net.split(',').slice(0, 4).join(',');
      $('pg-bench-result').textContent = ZH
        ? `每秒 ${Math.round(r.stepsPerSecond)} 步（${say(net)}）`
        : `${Math.round(r.stepsPerSecond)} steps/s (${net})`;
    });
  }

  async function start() {
    try {
      await load();
    } catch (e) {
      $('pg-loading').textContent = ZH ? `游乐场无法启动：${e.message}` : `The playground cannot start: ${e.message}`;
      root.dataset.state = 'failed';
      return;
    }
    $('pg-loading').hidden = true;
    localizePage();
    root.hidden = false;
    wire();
    for (const key of Object.keys(FIELDS)) {
      sendText(`${key}=${$(FIELDS[key]).value}`);
      if (call(() => wasm.pg_settings(), 1) !== 0) showError(key, say(message()));
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
