// Search that understands Chinese, in both books.
//
// mdbook's search (elasticlunr) cannot find a Chinese word: its index splits text only at
// spaces, so a Chinese sentence is one long "word", and the query pipeline trims every
// character outside [A-Za-z0-9_] (elasticlunr's trimmer is /\W/ without the Unicode flag), so
// a Chinese query becomes empty and finds nothing. Rather than re-index the book, a query that
// contains Chinese characters is answered here, from the documents the index already stores
// (each section's title, breadcrumbs and text):
//   - every space-separated word of the query must occur in a section. A word is looked for as
//     it is written, inside the text (Chinese has no spaces between words: 池化层 is found in
//     "池化层的输出"), and Latin letters ignore case;
//   - a word that is a Chinese term of the glossary (appendix C), or part of one, also matches
//     that term's English words (glossary-terms.js, generated from the glossary): 感受野 finds
//     the sections about the receptive field in the English book, and in the pages of the
//     Chinese book that are not translated yet.
// Sections are ranked by their number of matches, weighted per field as mdbook weighs them
// (the title counts double), and shown from their first match. A query without Chinese
// characters goes to mdbook's search as before.
(function () {
  'use strict';
  if (typeof elasticlunr === 'undefined') return;

  const HAN = /\p{Script=Han}/u;
  const TERMS = window.DLFS_GLOSSARY_TERMS || {};

  const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  /** How many times `needle` occurs in `haystack` (both already lower-case). */
  function occurrences(haystack, needle) {
    let n = 0;
    for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) n++;
    return n;
  }

  /** The English words a Chinese query word stands for, through the glossary. */
  function englishFor(word) {
    const english = new Set();
    for (const [zh, en] of Object.entries(TERMS)) {
      // A one-character word (层, 批) only through a term that is exactly that character.
      if (zh === word || (word.length >= 2 && zh.includes(word))) en.forEach((e) => english.add(e));
    }
    // An English term matches at the start of a word ("layer" in "layers", not in "player").
    return [...english].map((e) => new RegExp(`(^|[^a-z0-9])${escapeRegExp(e.toLowerCase())}`, 'g'));
  }

  function countMatches(text, word, english) {
    let n = occurrences(text, word);
    for (const re of english) n += (text.match(re) || []).length;
    return n;
  }

  /** The sections that contain every word of `query`, best first, as elasticlunr returns them. */
  function searchChinese(index, query, options) {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const english = words.map((w) => (HAN.test(w) ? englishFor(w) : []));
    const fields = (options && options.fields) || { title: { boost: 2 }, body: { boost: 1 }, breadcrumbs: { boost: 1 } };
    const results = [];
    const docs = index.documentStore.docs;
    for (const ref of Object.keys(docs)) {
      const doc = docs[ref];
      let score = 0;
      let all = true;
      for (let i = 0; i < words.length && all; i++) {
        let hits = 0;
        for (const [field, { boost }] of Object.entries(fields)) {
          const text = String(doc[field] || '').toLowerCase();
          hits += (boost || 1) * countMatches(text, words[i], english[i]);
        }
        all = hits > 0;
        score += hits;
      }
      if (all) results.push({ ref, score, doc: { ...doc, body: excerpt(String(doc.body || ''), words[0], english[0]) } });
    }
    return results.sort((a, b) => b.score - a.score);
  }

  // mdbook shows the first words of a result's text unless it finds the query among them,
  // which it cannot for Chinese (it looks for words between spaces); so the result carries
  // the text from just before the first match.
  function excerpt(body, word, english) {
    const lower = body.toLowerCase();
    let at = lower.indexOf(word);
    for (const re of english) {
      re.lastIndex = 0;
      const m = re.exec(lower);
      if (m && (at < 0 || m.index < at)) at = m.index + m[1].length;
    }
    if (at <= 20) return body;
    const start = Math.max(0, body.lastIndexOf(' ', at - 20) + 1, at - 40);
    return `…${body.slice(start)}`;
  }

  const search = elasticlunr.Index.prototype.search;
  elasticlunr.Index.prototype.search = function (query, options) {
    const text = typeof query === 'string' ? query : '';
    if (!HAN.test(text)) return search.call(this, query, options);
    return searchChinese(this, text, options);
  };
  window.dlfsSearchChinese = { englishFor, searchChinese };
})();
