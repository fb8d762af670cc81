// The switch between the English book and the Chinese one, in the menu bar of every page.
//
// The Chinese book is built from the same source into zh-CN/ inside the English one (see
// build.sh), with the same file names and the same heading ids (po/guard.mjs), so a page's twin
// is the same relative path in the other book: ch07/pooling.html#max-pooling ⇄
// zh-CN/ch07/pooling.html#max-pooling. The link is relative (built from mdbook's
// `path_to_root`), so it works from a web server and from files opened straight from disk.
//
// In the Chinese book it also puts a few of mdbook's own interface strings into Chinese (the
// search box and its result count); the rest of the interface is mdbook's.
(function () {
  'use strict';
  const CHINESE = 'zh-CN';
  const lang = document.documentElement.lang;
  const isChinese = lang === CHINESE;
  const toRoot = typeof path_to_root === 'string' ? path_to_root : '';

  /** This page's path relative to the root of its own book, e.g. "ch07/pooling.html". */
  function pageInBook() {
    const depth = (toRoot.match(/\.\.\//g) || []).length;
    const parts = decodeURIComponent(location.pathname).split('/');
    const rel = parts.slice(parts.length - 1 - depth).join('/');
    return rel === '' ? 'index.html' : rel;
  }

  function addSwitch() {
    const buttons = document.querySelector('#mdbook-menu-bar .right-buttons');
    if (!buttons || document.getElementById('dlfs-language-switch')) return;
    const link = document.createElement('a');
    link.id = 'dlfs-language-switch';
    link.className = 'dlfs-language-switch';
    link.href = (isChinese ? `${toRoot}../` : `${toRoot}${CHINESE}/`) + pageInBook();
    link.hreflang = isChinese ? 'en' : CHINESE;
    link.lang = isChinese ? 'en' : CHINESE;
    link.textContent = isChinese ? 'English' : '中文';
    link.title = isChinese ? 'Read this page in English' : '阅读本页的中文版';
    link.setAttribute('aria-label', link.title);
    // The place on the page carries over.
    link.addEventListener('click', () => {
      link.hash = location.hash;
    });
    buttons.insertBefore(link, buttons.firstChild);
  }

  function chineseInterface() {
    const bar = document.getElementById('mdbook-searchbar');
    if (bar) bar.placeholder = '搜索本书（中文或英文）…';
    // mdbook writes "N search results for 'x':" in English; say it in Chinese.
    const header = document.getElementById('mdbook-searchresults-header');
    if (!header) return;
    const translate = () => {
      const text = header.textContent;
      let m = text.match(/^No search results for '(.*)'\.$/s);
      if (m) header.textContent = `没有找到“${m[1]}”。`;
      else if ((m = text.match(/^(\d+) search results? for '(.*)':$/s))) header.textContent = `“${m[2]}”的搜索结果：${m[1]} 条`;
    };
    new MutationObserver(translate).observe(header, { childList: true, characterData: true, subtree: true });
  }

  addSwitch();
  if (isChinese) chineseInterface();
})();
