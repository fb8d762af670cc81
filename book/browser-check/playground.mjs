// The playground page in headless Chromium, used as a reader would use it:
//   - choose XOR, press Train: within a few seconds the loss falls below 0.05 and the accuracy
//     reaches 100%;
//   - bad settings (learning rate 0, -1, "abc", a hidden layer of 0 units) show a message and
//     keep the last good settings, and Reset still runs with those;
//   - the digit canvas has a visible prompt ("Draw a digit …"), and a "1" drawn into it is
//     read as 1 by both networks (chapter 3's and chapter 7's);
//   - measure the training speed (SGD steps per second, 2 → 8 → 8 → 2 on 200 points) and print it;
//   - at a phone's width (390 px), in the light theme and in navy: the prompt is visible, the
//     plot canvas fits the viewport (it scales down, keeping its aspect) and the page does not
//     scroll sideways; a click on the scaled plot puts the point under the pointer, and a "1"
//     drawn there is still read as 1;
//   - no uncaught JavaScript error, no request leaving 127.0.0.1.
// Screenshots go into the artifacts folder (the book's figures of the page are copies of them).
//
//   node playground.mjs [HTML_DIR] [ARTIFACTS_DIR]
//     HTML_DIR       the built book (default: ../book/html, next to this folder)
//     ARTIFACTS_DIR  where screenshots go (default: <repository>/ci-artifacts/playground)
//   CHROMIUM=/path/to/chromium overrides /usr/bin/chromium.

import { mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const htmlDir = path.resolve(process.argv[2] ?? path.join(here, '..', 'book', 'html'));
const artifacts = path.resolve(process.argv[3] ?? path.join(here, '..', '..', 'ci-artifacts', 'playground'));
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';

function check(condition, what) {
  if (!condition) throw new Error(what);
}

const state = (page) =>
  page.$eval('#pg-app', (el) => ({
    steps: Number(el.dataset.steps),
    loss: Number(el.dataset.loss),
    accuracy: Number(el.dataset.accuracy),
  }));

// Types a value into a text field and commits it, as leaving the field does.
async function setField(page, id, value) {
  await page.fill(`#${id}`, value);
  await page.dispatchEvent(`#${id}`, 'change');
}

// Everything a context's pages request must come from 127.0.0.1; errors are problems.
async function watch(context, problems) {
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === '127.0.0.1') return route.continue();
    problems.push(`request to another host (the page must work offline): ${url.href}`);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`uncaught JavaScript error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()} for ${r.url()}`));
  return page;
}

// Draws a "1" into the digit canvas, as a mouse would, and returns what the two networks read.
async function drawOne(page) {
  const pad = page.locator('#pg-digit');
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  const x = box.x + box.width * 0.52;
  await page.mouse.move(x + 6, box.y + box.height * 0.18);
  await page.mouse.down();
  for (let i = 1; i <= 20; i++) await page.mouse.move(x + 6 - 6 * (i / 20), box.y + box.height * (0.18 + (0.64 * i) / 20));
  await page.mouse.up();
  await page.waitForFunction(() => document.getElementById('pg-probs-cnn').dataset.top !== '-1', null, { timeout: 5_000 });
  return page.evaluate(() => ['pg-probs-mlp', 'pg-probs-cnn'].map((id) => document.getElementById(id).dataset.top));
}

// The digit prompt: shown, not empty, with room on the page.
async function checkPrompt(page, where) {
  const prompt = page.locator('#pg-digit-prompt');
  check(await prompt.isVisible(), `${where}: the prompt by the digit canvas is not visible`);
  const text = (await prompt.textContent()).trim();
  check(text.length > 10, `${where}: the prompt by the digit canvas is empty`);
  const box = await prompt.boundingBox();
  check(box.width > 0 && box.height > 0, `${where}: the prompt by the digit canvas has no size`);
  return text;
}

// The page at a phone's width, in one theme.
async function checkNarrow(browser, baseUrl, theme, problems) {
  const width = 390;
  const context = await browser.newContext({ viewport: { width, height: 844 }, deviceScaleFactor: 1 });
  await context.addInitScript((t) => localStorage.setItem('mdbook-theme', t), theme);
  try {
    const page = await watch(context, problems);
    await page.goto(`${baseUrl}/playground/index.html`, { waitUntil: 'load' });
    await page.waitForSelector('#pg-app[data-state="ready"]', { timeout: 20_000 });
    const where = `${width} px, ${theme}`;
    const text = await checkPrompt(page, where);
    const fit = await page.evaluate(() => {
      const plot = document.getElementById('pg-plot').getBoundingClientRect();
      return {
        left: plot.left, right: plot.right, width: plot.width, height: plot.height,
        viewport: document.documentElement.clientWidth, scroll: document.documentElement.scrollWidth,
        theme: document.documentElement.className,
      };
    });
    check(fit.theme.split(' ').includes(theme), `${where}: the page is not in the ${theme} theme (${fit.theme})`);
    check(fit.left >= 0 && fit.right <= fit.viewport + 0.5, `${where}: the plot canvas (${fit.left.toFixed(0)}–${fit.right.toFixed(0)} px) is wider than the viewport (${fit.viewport} px)`);
    check(Math.abs(fit.width - fit.height) < 1, `${where}: the plot canvas lost its aspect (${fit.width} × ${fit.height} px)`);
    check(fit.scroll <= fit.viewport, `${where}: the page scrolls sideways (${fit.scroll} px wide in a ${fit.viewport} px viewport)`);
    console.log(`ok   ${where}: the plot is shown ${fit.width.toFixed(0)} × ${fit.height.toFixed(0)} px, the page does not scroll sideways; prompt "${text.slice(0, 40)}…"`);

    // A click on the scaled plot lands under the pointer: the point is drawn at the canvas pixel
    // that is displayed there (a click mapped without the scale would land elsewhere).
    await page.selectOption('#pg-dataset', 'empty');
    await page.click('#pg-reset');
    const plot = page.locator('#pg-plot');
    await plot.scrollIntoViewIfNeeded();
    const box = await plot.boundingBox();
    const [fx, fy] = [0.3, 0.7];
    await page.mouse.click(box.x + fx * box.width, box.y + fy * box.height);
    const pixel = await page.evaluate(([fx, fy]) => {
      const c = document.getElementById('pg-plot');
      const d = c.getContext('2d').getImageData(Math.round(fx * c.width), Math.round(fy * c.height), 1, 1).data;
      return [d[0], d[1], d[2]];
    }, [fx, fy]);
    const blue = [31, 119, 180]; // class 0
    const off = Math.max(...pixel.map((v, i) => Math.abs(v - blue[i])));
    check(off <= 40, `${where}: a click at (${fx}, ${fy}) of the plot drew no point there (pixel ${pixel})`);
    console.log(`ok   ${where}: a click on the scaled plot puts its point under the pointer`);
    await page.selectOption('#pg-dataset', 'xor');
    await page.click('#pg-reset');
    await page.click('#pg-train');
    await page.waitForFunction(() => Number(document.getElementById('pg-app').dataset.accuracy) === 1, null, { timeout: 10_000, polling: 50 });
    await page.click('#pg-train');

    const tops = await drawOne(page);
    check(tops[0] === '1' && tops[1] === '1', `${where}: a drawn 1 was read as ${tops[0]} (chapter 3) and ${tops[1]} (chapter 7)`);
    console.log(`ok   ${where}: a drawn "1" is read as 1 by both networks`);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator('#pg-app').screenshot({ path: path.join(artifacts, `narrow-${width}-${theme}.png`) });
  } finally {
    await context.close();
  }
}

async function main() {
  check(existsSync(path.join(htmlDir, 'playground', 'index.html')), `no built playground page in ${htmlDir} (run book/build.sh)`);
  check(existsSync(executablePath), `no Chromium at ${executablePath} (apt-get install -y chromium, or set CHROMIUM)`);
  await mkdir(artifacts, { recursive: true });
  const { server, baseUrl } = await serve(htmlDir);
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  console.log(`Chromium ${browser.version()}; serving ${htmlDir} at ${baseUrl}`);
  const problems = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1100, height: 1000 }, deviceScaleFactor: 1 });
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === '127.0.0.1') return route.continue();
      problems.push(`request to another host (the page must work offline): ${url.href}`);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`uncaught JavaScript error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
    page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()} for ${r.url()}`));

    await page.goto(`${baseUrl}/playground/index.html`, { waitUntil: 'load' });
    await page.waitForSelector('#pg-app[data-state="ready"]', { timeout: 20_000 });
    console.log('ok   the page loaded its WebAssembly module');

    // 1. XOR trains to 100%.
    await page.selectOption('#pg-dataset', 'xor');
    await page.click('#pg-reset');
    const summary = await page.textContent('#pg-summary');
    check(summary.startsWith('2 → 8 → 8 → 2, ReLU, SGD η = 0.1, batch 10'), `unexpected settings: ${summary}`);
    const t0 = Date.now();
    await page.click('#pg-train');
    await page.waitForFunction(
      () => {
        const d = document.getElementById('pg-app').dataset;
        return Number(d.accuracy) === 1 && Number(d.loss) < 0.05;
      },
      null,
      { timeout: 10_000, polling: 50 },
    ).catch(async () => {
      throw new Error(`XOR did not reach 100% with loss < 0.05 in 10 s: ${JSON.stringify(await state(page))}`);
    });
    const trained = await state(page);
    console.log(`ok   XOR: accuracy 100%, loss ${trained.loss.toFixed(4)} after ${trained.steps} steps, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await page.waitForTimeout(400); // a little longer, for a settled picture
    await page.click('#pg-train'); // pause
    await page.locator('#pg-app > .pg-row').first().screenshot({ path: path.join(artifacts, 'xor-trained.png') });

    // 2. Bad input: a message, and the last good settings kept.
    const good = await page.textContent('#pg-summary');
    for (const [id, value] of [['pg-lr', '0'], ['pg-lr', '-1'], ['pg-lr', 'abc'], ['pg-hidden', '0'], ['pg-hidden', '8, 0']]) {
      await setField(page, id, value);
      const message = (await page.textContent('#pg-message')).trim();
      check(await page.isVisible('#pg-message'), `no message for ${id} = "${value}"`);
      check(message.length > 0, `empty message for ${id} = "${value}"`);
      if (id === 'pg-lr' && value === 'abc') await page.locator('#pg-app > .pg-row').first().screenshot({ path: path.join(artifacts, 'bad-input.png') });
      await page.click('#pg-reset');
      const now = await page.textContent('#pg-summary');
      check(now === good, `after ${id} = "${value}" the run uses "${now}", not the last good "${good}"`);
      console.log(`ok   ${id} = "${value}": "${message}"; still running ${now}`);
      await setField(page, id, id === 'pg-lr' ? '0.1' : '8, 8');
      check(!(await page.isVisible('#pg-message')), `the message stays after ${id} is valid again`);
    }

    // 3. The prompt by the digit canvas; draw a "1": both networks answer 1.
    await checkPrompt(page, '1100 px');
    const tops = await drawOne(page);
    check(tops[0] === '1' && tops[1] === '1', `a drawn 1 was read as ${tops[0]} (chapter 3) and ${tops[1]} (chapter 7)`);
    console.log('ok   a drawn "1" is read as 1 by chapter 3\'s network and by SimpleConvNet');
    await page.locator('#pg-app > .pg-row').nth(1).screenshot({ path: path.join(artifacts, 'digit.png') });

    // 4. Speed: the module's training loop, timed in the page.
    for (const batch of [10, 200]) {
      const r = await page.evaluate((b) => window.dlfsPlayground.benchmark(b, 5000), batch);
      const rate = Math.round(r.stepsPerSecond);
      console.log(`speed: ${rate} SGD steps/s (${r.net}; ${r.steps} steps in ${r.ms.toFixed(0)} ms)`);
      if (batch === 10 && rate < 1000) console.log('WARNING: below the 1,000 steps/s the page is meant to reach');
    }

    // 5. A harder picture for the book: the spiral.
    await page.selectOption('#pg-dataset', 'spiral');
    await setField(page, 'pg-hidden', '32, 32');
    await page.selectOption('#pg-optimizer', 'adam');
    await setField(page, 'pg-lr', '0.01');
    await page.click('#pg-reset');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.click('#pg-train');
    await page.waitForFunction(() => Number(document.getElementById('pg-app').dataset.steps) >= 4000, null, { timeout: 30_000, polling: 100 });
    await page.click('#pg-train');
    const spiral = await state(page);
    console.log(`ok   spiral, 2 → 32 → 32 → 3, Adam: accuracy ${(spiral.accuracy * 100).toFixed(1)}% after ${spiral.steps} steps`);
    await page.locator('#pg-app > .pg-row').first().screenshot({ path: path.join(artifacts, 'spiral.png') });
    await page.screenshot({ path: path.join(artifacts, 'page.png'), fullPage: true });
    await context.close();

    // 6. A phone's width, light and dark.
    for (const theme of ['light', 'navy']) await checkNarrow(browser, baseUrl, theme, problems);
  } finally {
    await browser.close();
    server.close();
  }
  check(problems.length === 0, `problems on the page:\n  - ${problems.join('\n  - ')}`);
  console.log(`Playground check passed. Screenshots: ${artifacts}`);
}

main().catch((e) => {
  console.error(`FAIL playground: ${e.message ?? e}`);
  process.exit(1);
});
