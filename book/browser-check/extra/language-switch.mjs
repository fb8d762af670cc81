// The language switch, clicked as a reader clicks it: on a few pages, English → Chinese → English
// lands on the same page each time (and on the same section, when the address names one), both
// from the web server and from the files opened straight from disk.

import path from 'node:path';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const PAGES = ['index.html', 'ch07/pooling.html', 'appendix/glossary.html#chapter-7-convolutional-networks', 'playground/index.html'];

function check(condition, what) {
  if (!condition) throw new Error(what);
}

async function clickSwitch(page, wantLang) {
  await Promise.all([page.waitForEvent('load'), page.click('#dlfs-language-switch')]);
  const lang = await page.evaluate(() => document.documentElement.lang);
  check(lang === wantLang, `after the switch the page's language is ${lang}, not ${wantLang} (${page.url()})`);
}

export async function run({ browser, baseUrl, htmlDir, log }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // No request may leave the machine; the playground page is not needed for this check.
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'http:' && url.hostname !== '127.0.0.1') return route.abort('blockedbyclient');
    return route.continue();
  });
  try {
    const page = await context.newPage();
    for (const [origin, root] of [
      ['web server', `${baseUrl}/`],
      ['file://', pathToFileURL(htmlDir).href + '/'],
    ]) {
      for (const target of PAGES) {
        const [rel, hash] = target.split('#');
        const english = new URL(target, root).href;
        await page.goto(english, { waitUntil: 'load' });
        const label = await page.textContent('#dlfs-language-switch');
        check(label.trim() === '中文', `the switch on ${rel} says "${label}", not 中文`);
        check(await page.isVisible('#dlfs-language-switch'), `the switch on ${rel} is not visible`);

        await clickSwitch(page, 'zh-CN');
        const chinese = new URL(`zh-CN/${target}`, root).href;
        check(page.url() === chinese, `中文 on ${target} leads to ${page.url()}, not ${chinese}`);
        if (hash) {
          const top = await page.evaluate((id) => document.getElementById(id)?.getBoundingClientRect().top, hash);
          check(top !== undefined && Math.abs(top) < 120, `the Chinese page is not at #${hash} (heading at ${top} px)`);
        }
        check((await page.textContent('#dlfs-language-switch')).trim() === 'English', `the switch on zh-CN/${rel} does not say English`);

        await clickSwitch(page, 'en');
        check(page.url() === english, `English on zh-CN/${target} leads to ${page.url()}, not ${english}`);
        if (origin === 'file://') {
          check(existsSync(path.join(htmlDir, 'zh-CN', rel)), `no file zh-CN/${rel}`);
        }
        log(`${origin}: ${target} → zh-CN/${target} → back`);
      }
    }
  } finally {
    await context.close();
  }
}
