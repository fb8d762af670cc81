// The search box, used as a reader uses it: type a query, read the list of results.
//   - English book: each Chinese term below lists the glossary and the page that explains the
//     concept (the English pages are found through the glossary's terms), and an English query
//     still finds its page among the first results, as before;
//   - Chinese book: a Chinese query lists every page whose text contains it (found here by
//     reading the built pages, independently of the search), and each page it lists contains
//     the query or one of its glossary terms.

import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

// Query → the pages (besides the glossary) that must be among the results in the English book.
const ENGLISH_BOOK = {
  感受野: ['ch07/convolution.html'],
  池化层: ['ch07/pooling.html'],
  卷积神经网络: ['ch07/index.html'],
  过拟合: ['ch06/regularisation.html'],
};
const ENGLISH_QUERY = ['max pooling', 'ch07/pooling.html'];
// Chinese queries for the Chinese book: terms of the pages translated so far.
const CHINESE_BOOK = ['感受野', '池化层', '卷积神经网络', '过拟合', '损失函数', '游乐场', '权值衰减'];

function check(condition, what) {
  if (!condition) throw new Error(what);
}

/** The pages of a book (relative paths), with the text of their main part. */
function pageTexts(dir) {
  const out = new Map();
  const walk = (rel) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory() && r !== 'zh-CN') walk(r);
      // (index.html is a copy of the first page, which the search lists under its own name)
      else if (entry.name.endsWith('.html') && !['index.html', 'print.html', 'toc.html', '404.html'].includes(r)) {
        const html = readFileSync(path.join(dir, r), 'utf8');
        const main = html.match(/<main>([\s\S]*)<\/main>/)?.[1] ?? '';
        const text = main
          .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
          .replace(/<span class="katex">[\s\S]*?<\/annotation>/g, ' ')
          .replace(/<[^>]+>/g, ' ')
          .replace(/&[a-z]+;|&#\d+;/g, ' ');
        out.set(r, text);
      }
    }
  };
  walk('');
  return out;
}

/** Types `query` into the search box of `url`; returns the pages listed, in order. */
async function search(page, url, query) {
  await page.goto(url, { waitUntil: 'load' });
  await page.click('#mdbook-search-toggle');
  await page.waitForFunction(() => !document.getElementById('mdbook-searchbar-outer').classList.contains('searching'), null, {
    timeout: 10_000,
  });
  await page.fill('#mdbook-searchbar', query);
  await page.dispatchEvent('#mdbook-searchbar', 'keyup');
  await page.waitForFunction((q) => document.getElementById('mdbook-searchresults-header').textContent.includes(q), query, {
    timeout: 10_000,
  });
  const header = await page.textContent('#mdbook-searchresults-header');
  const hrefs = await page.$$eval('#mdbook-searchresults a', (links) => links.map((a) => a.href));
  const shown = [...new Set(hrefs.map((h) => new URL(h).pathname.replace(/^\//, '')))];
  // The box shows at most `limit_results` sections; the same search, run on the page's own
  // index, gives all of them (for the check that no page containing the query is missing).
  const all = await page.evaluate((q) => {
    const index = elasticlunr.Index.load(window.search.index);
    const urls = window.search.doc_urls;
    return index.search(q, window.search.search_options).map((r) => urls[r.ref].split('#')[0]);
  }, query);
  const prefix = new URL(url).pathname.replace(/^\//, '').replace(/[^/]*$/, '');
  const pages = [...new Set([...shown, ...all.map((u) => prefix + u)])];
  return { header, shown, pages };
}

export async function run({ browser, baseUrl, htmlDir, artifacts, log }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));

    // The English book.
    for (const [query, expected] of Object.entries(ENGLISH_BOOK)) {
      const { header, shown } = await search(page, `${baseUrl}/index.html`, query);
      check(shown.length > 0, `English book: "${query}" finds nothing (${header})`);
      for (const want of ['appendix/glossary.html', ...expected]) {
        check(shown.includes(want), `English book: "${query}" does not list ${want}; it lists ${shown.join(', ')}`);
      }
      const pages = shown;
      log(`English book: ${query} → ${pages.length} pages, among them ${['appendix/glossary.html', ...expected].join(', ')}`);
    }
    await page.screenshot({ path: path.join(artifacts, 'search-en.png') });
    const [query, want] = ENGLISH_QUERY;
    const english = await search(page, `${baseUrl}/index.html`, query);
    const rank = english.shown.indexOf(want);
    check(rank >= 0 && rank < 3, `English book: "${query}" does not list ${want} among its first results: ${english.shown.join(', ')}`);
    log(`English book: "${query}" → ${want} at place ${rank + 1}, as before`);

    // The Chinese book.
    const zh = pageTexts(path.join(htmlDir, 'zh-CN'));
    const terms = await page.evaluate(() => window.DLFS_GLOSSARY_TERMS);
    for (const query of CHINESE_BOOK) {
      const containing = [...zh].filter(([, text]) => text.includes(query)).map(([rel]) => `zh-CN/${rel}`);
      check(containing.length > 0, `Chinese book: no page contains "${query}" (pick another query)`);
      const { header, shown, pages } = await search(page, `${baseUrl}/zh-CN/index.html`, query);
      check(shown.length > 0, `Chinese book: "${query}" shows no result (${header})`);
      for (const want of containing) {
        check(pages.includes(want), `Chinese book: "${query}" does not list ${want}, which contains it; it lists ${pages.join(', ')}`);
      }
      const english = Object.entries(terms)
        .filter(([zhTerm]) => zhTerm === query || zhTerm.includes(query))
        .flatMap(([, en]) => en.map((e) => e.toLowerCase()));
      for (const listed of pages) {
        const text = (zh.get(listed.replace(/^zh-CN\//, '')) ?? '').toLowerCase();
        check(
          text.includes(query) || english.some((e) => text.includes(e)),
          `Chinese book: "${query}" lists ${listed}, which contains neither it nor ${english.join(', ')}`,
        );
      }
      check(/搜索结果|没有找到/.test(header), `Chinese book: the result count is not in Chinese: "${header}"`);
      log(`Chinese book: ${query} → ${pages.length} pages (${containing.length} contain it)`);
    }
    await page.screenshot({ path: path.join(artifacts, 'search-zh.png') });
    check(errors.length === 0, `JavaScript errors: ${errors.join('; ')}`);
  } finally {
    await context.close();
  }
}
