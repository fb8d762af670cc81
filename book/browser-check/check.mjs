// Loads every page of the built book in headless Chromium, as a reader would, and fails if
// anything on it is broken:
//   - a formula KaTeX could not render (`.katex-error`), or TeX left as text (`$$`, `\frac`, `$x$`);
//   - KaTeX's stylesheet not applied, or one of its fonts failing to load;
//   - an image that did not load (naturalWidth 0);
//   - a broken mdbook include (`{{#include …}}` left in the page);
//   - a request that failed or answered with an HTTP error;
//   - any request to a host other than 127.0.0.1 (the book must work offline);
//   - an uncaught JavaScript error;
//   - a missing or wrong language switch (each page links to the same page of the other
//     language's book: ch07/pooling.html ⇄ zh-CN/ch07/pooling.html);
//   - a Chinese page whose heading ids differ from its English page's (links between pages
//     and the switch between languages rely on them);
//   - a code or output block that scrolls sideways at 1280 px, and figure text smaller than
//     11 px as displayed on the page (legibility.mjs measures both).
// It checks the English book and the Chinese one inside it (zh-CN/), two pages at a time, and
// saves screenshots of each page into the artifacts folder: the whole page at 1280 px in the
// light theme (ch03__activations.png), and what a reader sees first, the top of the page in the
// viewport, at 1280 px and at a phone's 390 px, in the light theme and in navy (the dark theme
// mdbook offers by default): 1280-light/ch03__activations.png, 1280-navy/…, 390-light/…,
// 390-navy/….
//
//   node check.mjs [HTML_DIR] [ARTIFACTS_DIR]
//     HTML_DIR       the built book (default: ../book/html, next to this folder)
//     ARTIFACTS_DIR  where screenshots go (default: <repository>/ci-artifacts/book)
//   CHROMIUM=/path/to/chromium overrides /usr/bin/chromium.
//
// Extra checks for particular pages go in ./extra/*.mjs (the language switch clicked both ways,
// the search in both languages): each exports
// `async function run({ browser, baseUrl, htmlDir, artifacts, log })` and throws on failure.

import { readdir, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';
import { MIN_FIGURE_TEXT_PX, inspectLegibility } from './legibility.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const htmlDir = path.resolve(process.argv[2] ?? path.join(here, '..', 'book', 'html'));
const artifacts = path.resolve(process.argv[3] ?? path.join(here, '..', '..', 'ci-artifacts', 'book'));
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';

// Pages that are not a page of the book proper, or too long to screenshot usefully.
const NO_SCREENSHOT = new Set(['print.html', 'toc.html', '404.html']);
// The viewport screenshots: widths (the 1280-px desktop the checks run at, a 390-px phone) and
// themes (mdbook's default and its default dark one).
const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 390, height: 844 };
const THEMES = ['light', 'navy'];

/** Switches the loaded page to another mdbook theme, as the theme menu does (a class on <html>). */
async function setTheme(page, theme) {
  await page.evaluate((theme) => {
    const html = document.documentElement;
    for (const t of ['light', 'rust', 'coal', 'navy', 'ayu']) html.classList.remove(t);
    html.classList.add(theme);
  }, theme);
}

/** Viewport screenshots of `page` in every theme, into <artifacts>/<width>-<theme>/<name>. */
async function viewportShots(page, width, name) {
  for (const theme of THEMES) {
    await setTheme(page, theme);
    const dir = path.join(artifacts, `${width}-${theme}`);
    await mkdir(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, name) });
  }
}

async function htmlFiles(dir, rel = '') {
  const out = [];
  for (const entry of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await htmlFiles(dir, r)));
    else if (entry.name.endsWith('.html')) out.push(r);
  }
  return out.sort();
}

// Runs inside the page: everything that can be seen in the DOM once it has loaded.
function inspectPage() {
  const problems = [];
  const main = document.querySelector('main') ?? document.body;

  for (const el of document.querySelectorAll('.katex-error')) {
    problems.push(`KaTeX could not render: ${(el.getAttribute('title') || el.textContent).slice(0, 160)}`);
  }

  // TeX left as plain text: walk the text outside rendered math, code and scripts.
  const skip = (node) => node.parentElement?.closest('.katex, code, pre, script, style, noscript, kbd');
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  const rawTex = [
    [/\$\$/, 'raw $$'],
    [/\\(frac|sum|partial|left|right|begin|end|mathrm|sqrt|cdot|times|eta|alpha|beta|lambda|sigma|theta|leftarrow|hat|top|log|exp|text|odot|oplus|otimes|ominus|varepsilon|lVert|rVert)\b/, 'raw TeX command'],
    [/(^|[^\w$])\$[^$\s][^$]*?\$(?!\w)/, 'raw $…$ math'],
  ];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (skip(n)) continue;
    for (const [re, what] of rawTex) {
      const m = n.textContent.match(re);
      if (m) problems.push(`${what} left as text: "${n.textContent.trim().slice(0, 120)}"`);
    }
  }

  if (document.body.innerText.includes('{{#')) {
    const at = document.body.innerText.indexOf('{{#');
    problems.push(`broken mdbook include: "${document.body.innerText.slice(at, at + 120).split('\n')[0]}"`);
  }

  for (const img of document.images) {
    if (!img.complete || img.naturalWidth === 0) problems.push(`image did not load: ${img.getAttribute('src')}`);
  }

  const katex = document.querySelectorAll('.katex');
  if (katex.length > 0) {
    const family = getComputedStyle(katex[0]).fontFamily;
    if (!family.includes('KaTeX_Main')) problems.push(`KaTeX stylesheet not applied (font-family: ${family})`);
    if (!document.fonts.check('16px KaTeX_Main')) problems.push('font KaTeX_Main is not loaded');
  }
  const fonts = [...document.fonts];
  for (const f of fonts) {
    if (f.status === 'error') problems.push(`font failed to load: ${f.family} ${f.style} ${f.weight}`);
  }
  const katexFontsLoaded = fonts.filter((f) => f.family.includes('KaTeX') && f.status === 'loaded').length;

  const headingIds = [...main.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => h.id);
  const languageSwitch = document.getElementById('dlfs-language-switch')?.href ?? null;
  return { problems, formulas: katex.length, images: document.images.length, katexFontsLoaded, headingIds, languageSwitch };
}

const CHINESE = 'zh-CN/';

/** The page of the other language's book that `rel` links to (ch02/xor.html ⇄ zh-CN/ch02/xor.html). */
function twin(rel) {
  return rel.startsWith(CHINESE) ? rel.slice(CHINESE.length) : CHINESE + rel;
}

async function main() {
  if (!existsSync(path.join(htmlDir, 'index.html'))) {
    console.error(`error: no built book at ${htmlDir} (run book/build.sh first)`);
    process.exit(2);
  }
  if (!existsSync(executablePath)) {
    console.error(`error: no Chromium at ${executablePath} (apt-get install -y chromium, or set CHROMIUM)`);
    process.exit(2);
  }
  await mkdir(artifacts, { recursive: true });
  const pages = await htmlFiles(htmlDir);
  const { server, baseUrl } = await serve(htmlDir);
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  console.log(`Chromium ${browser.version()}; serving ${htmlDir} at ${baseUrl}; ${pages.length} pages`);

  const failures = [];
  const headingIds = new Map(); // page → its heading ids
  try {
    // One browser context for all pages; each page collects its own problems.
    const problemsOf = new Map(); // Page → [problem]
    const context = await browser.newContext({ viewport: WIDE, deviceScaleFactor: 1 });
    // The same pages at a phone's width, for their screenshots (a page loaded at that width, as
    // a phone loads it: mdbook decides at load whether the sidebar covers the text).
    const narrow = await browser.newContext({ viewport: NARROW, deviceScaleFactor: 1 });
    // Anything not served by our own server is a failure, and is cut off before it leaves.
    const offline = (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === '127.0.0.1') {
        return route.continue();
      }
      const page = route.request().frame()?.page();
      problemsOf.get(page)?.push(`request to another host (the book must work offline): ${url.href}`);
      return route.abort('blockedbyclient');
    };
    await context.route('**/*', offline);
    await narrow.route('**/*', offline);

    async function checkPage(rel) {
      const t0 = Date.now();
      const problems = [];
      const page = await context.newPage();
      problemsOf.set(page, problems);
      page.on('response', (r) => {
        if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url().replace(baseUrl, '')}`);
      });
      page.on('requestfailed', (r) => {
        const url = r.url();
        if (new URL(url).hostname === '127.0.0.1') {
          problems.push(`request failed (${r.failure()?.errorText}): ${url.replace(baseUrl, '')}`);
        }
      });
      page.on('pageerror', (e) => problems.push(`uncaught JavaScript error: ${e.message}`));

      try {
        await page.goto(`${baseUrl}/${rel}`, { waitUntil: 'load', timeout: 30_000 });
      } catch (e) {
        problems.push(`page did not load: ${e.message.split('\n')[0]}`);
      }
      await page.evaluate(() => document.fonts.ready.then(() => true));
      await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => {});
      const found = await page.evaluate(inspectPage);
      problems.push(...found.problems);
      const legible = await page.evaluate(inspectLegibility, MIN_FIGURE_TEXT_PX);
      problems.push(...legible.problems);
      const smallest = Math.min(...legible.figures.map((f) => f.smallest));
      headingIds.set(rel, found.headingIds);
      if (!['404.html', 'toc.html'].includes(path.basename(rel))) {
        const want = `${baseUrl}/${twin(rel)}`;
        if (found.languageSwitch !== want) {
          problems.push(`language switch links to ${found.languageSwitch ?? 'nothing'}, not ${want.replace(baseUrl, '')}`);
        }
      }

      const base = path.basename(rel);
      if (!NO_SCREENSHOT.has(base)) {
        const name = rel.replace(/\.html$/, '.png').replaceAll('/', '__');
        await page.screenshot({ path: path.join(artifacts, name), fullPage: true });
        await viewportShots(page, WIDE.width, name);
        problemsOf.delete(page);
        await page.close();

        const phone = await narrow.newPage();
        problemsOf.set(phone, problems);
        phone.on('pageerror', (e) => problems.push(`uncaught JavaScript error at ${NARROW.width} px: ${e.message}`));
        try {
          await phone.goto(`${baseUrl}/${rel}`, { waitUntil: 'load', timeout: 30_000 });
          await phone.evaluate(() => document.fonts.ready.then(() => true));
          await viewportShots(phone, NARROW.width, name);
        } catch (e) {
          problems.push(`page did not load at ${NARROW.width} px: ${e.message.split('\n')[0]}`);
        }
        problemsOf.delete(phone);
        await phone.close();
      } else {
        problemsOf.delete(page);
        await page.close();
      }

      const status = problems.length === 0 ? 'ok  ' : 'FAIL';
      console.log(
        `${status} ${rel.padEnd(48)} ${String(found.formulas).padStart(4)} formulas, ` +
          `${String(found.images).padStart(3)} images, ${found.katexFontsLoaded} KaTeX fonts loaded, ` +
          (Number.isFinite(smallest) ? `figure text ≥ ${smallest.toFixed(1)} px, ` : '') +
          `${((Date.now() - t0) / 1000).toFixed(1)} s`,
      );
      for (const p of problems) console.log(`       - ${p}`);
      if (problems.length) failures.push([rel, problems]);
    }

    // Two pages at a time.
    const queue = [...pages];
    const worker = async () => {
      for (let rel = queue.shift(); rel !== undefined; rel = queue.shift()) await checkPage(rel);
    };
    await Promise.all([worker(), worker()]);
    await context.close();
    await narrow.close();

    // Both books must give each heading the same id.
    const chinese = pages.filter((p) => p.startsWith(CHINESE));
    let same = 0;
    for (const rel of chinese) {
      const [zh, en] = [headingIds.get(rel), headingIds.get(twin(rel))];
      if (!en) continue;
      const differ = zh.length !== en.length || zh.some((id, i) => id !== en[i]);
      if (differ) {
        const at = zh.findIndex((id, i) => id !== en[i]);
        const problem = `heading ids differ from ${twin(rel)}'s: #${zh[at]} where the English has #${en[at]}`;
        console.log(`FAIL ${rel}\n       - ${problem}`);
        failures.push([rel, [problem]]);
      } else {
        same++;
      }
    }
    if (chinese.length > 0 && same === chinese.length) {
      console.log(`ok   heading ids: all ${same} Chinese pages have the ids of their English pages`);
    }

    // Page-specific checks (e.g. the playground) that extend this one.
    const extraDir = path.join(here, 'extra');
    if (existsSync(extraDir)) {
      for (const name of (await readdir(extraDir)).filter((f) => f.endsWith('.mjs')).sort()) {
        const mod = await import(pathToFileURL(path.join(extraDir, name)).href);
        try {
          await mod.run({ browser, baseUrl, htmlDir, artifacts, log: (...a) => console.log(`       ${name}:`, ...a) });
          console.log(`ok   extra/${name}`);
        } catch (e) {
          console.log(`FAIL extra/${name}\n       - ${e.stack ?? e}`);
          failures.push([`extra/${name}`, [String(e)]]);
        }
      }
    }
  } finally {
    await browser.close();
    server.close();
  }

  console.log(`\nScreenshots: ${artifacts}`);
  if (failures.length) {
    console.error(`\nBrowser check FAILED on ${failures.length} of ${pages.length} pages (see above).`);
    process.exit(1);
  }
  console.log(`Browser check passed: ${pages.length} pages.`);
}

main().catch((e) => {
  console.error(`error: ${e.stack ?? e}`);
  process.exit(1);
});
