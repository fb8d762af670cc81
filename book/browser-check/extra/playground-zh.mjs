// The playground of the Chinese book speaks Chinese: its controls, the run's summary, and the
// module's messages (here: a learning rate that is not a number). book/browser-check/
// playground.mjs checks what the playground does; this checks only what it says.

import path from 'node:path';

function check(condition, what) {
  if (!condition) throw new Error(what);
}

export async function run({ browser, baseUrl, artifacts, log }) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 1000 } });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${baseUrl}/zh-CN/playground/index.html`, { waitUntil: 'load' });
    await page.waitForSelector('#pg-app[data-state="ready"]', { timeout: 20_000 });

    const train = (await page.textContent('#pg-train')).trim();
    check(train === '训练', `the Train button says "${train}"`);
    const label = await page.$eval('#pg-lr', (input) => input.parentElement.textContent.trim());
    check(label === '学习率', `the learning rate's label says "${label}"`);
    const summary = await page.textContent('#pg-summary');
    check(summary.startsWith('2 → 8 → 8 → 2，ReLU，SGD η = 0.1，批大小 10'), `the run's summary says "${summary}"`);

    await page.fill('#pg-lr', 'abc');
    await page.dispatchEvent('#pg-lr', 'change');
    const message = (await page.textContent('#pg-message')).trim();
    check(message.startsWith('学习率：“abc”不是数'), `the message for a learning rate "abc" is "${message}"`);
    await page.locator('#pg-app > .pg-row').first().screenshot({ path: path.join(artifacts, 'playground-zh.png') });
    check(errors.length === 0, `JavaScript errors: ${errors.join('; ')}`);
    log(`Chinese playground: 训练, 学习率, "${summary}", "${message}"`);
  } finally {
    await context.close();
  }
}
