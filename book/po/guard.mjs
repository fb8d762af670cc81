#!/usr/bin/env node
// Keeps a page intact through translation: an mdbook preprocessor in two modes, `wrap` before
// gettext and `unwrap` after it.
//
// Why: mdbook-gettext (and mdbook-xgettext, which extracts the catalog) parse every page with
// pulldown-cmark, which knows nothing of math, and write it back out as Markdown. TeX does not
// survive that: `\{` loses its backslash, `\\` and `\frac` gain one, `*` and `_` become emphasis,
// and mdbook-katex then reads the damaged TeX. And a translated heading gets a new id from its
// Chinese text, which breaks every link to it (`glossary.md#chapter-2-perceptrons`). So:
//
//   wrap    (before gettext, and before xgettext extracts)
//           $…$   becomes the code span `$…$`, which stays in its sentence: a translator
//                 sees the formula and copies it unchanged;
//           $$…$$ on lines of its own becomes a fenced block (```dlfs-math) after an
//                 `i18n:skip` comment, so display math never enters the catalog (inside a
//                 sentence it becomes a code span, as $…$ does);
//           # Heading  gets the id mdbook gives the English heading, written out
//                 (`# Heading {#heading}`), so both books have the same ids and the same links.
//   unwrap  (after gettext, before links and katex) turns the math back into $…$ and $$…$$.
//
// `wrap` finds math exactly as mdbook-katex does (its scan.rs): `$$…$$` and `$…$` anywhere
// outside backtick code, a backslash escapes the next character, and a closing delimiter
// preceded by an odd number of backslashes does not close. Heading ids are made as mdbook-html
// makes them (utils.rs, id_from_content and unique_id). Both modes work only when the page is
// about to be translated (or extracted): the English book passes through untouched.
//
//   node po/guard.mjs wrap|unwrap                   (mdbook runs it; see book.toml)
//   node po/guard.mjs wrap|unwrap supports NAME     (mdbook asks which renderers)
//   node po/guard.mjs wrap|unwrap --text < page.md  (one page, for trying it by hand)

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const DISPLAY_INFO = 'dlfs-math';
export const SKIP_COMMENT = '<!-- i18n:skip (display math) -->';

/** Splits `text` into pieces: { text } outside math, { math, display } inside. */
export function scanMath(text) {
  const pieces = [];
  let start = 0; // start of the current text piece
  let i = 0;
  const closing = (delim, from) => {
    // The first unescaped `delim` at or after `from`, or -1.
    for (let at = text.indexOf(delim, from); at >= 0; at = text.indexOf(delim, at + delim.length)) {
      let backslashes = 0;
      for (let k = at - 1; k >= 0 && text[k] === '\\'; k--) backslashes++;
      if (backslashes % 2 === 0) return at;
    }
    return -1;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '$') {
      const display = text[i + 1] === '$';
      const delim = display ? '$$' : '$';
      const end = closing(delim, i + delim.length);
      if (end < 0) break; // mdbook-katex stops at an unclosed delimiter: the rest is text
      if (i > start) pieces.push({ text: text.slice(start, i) });
      pieces.push({ math: text.slice(i + delim.length, end), display });
      i = end + delim.length;
      start = i;
    } else if (c === '\\') {
      i += 2;
    } else if (c === '`') {
      let n = 1;
      while (text[i + n] === '`') n++;
      const fence = '`'.repeat(n);
      let at = text.indexOf(fence, i + n);
      while (at >= 0 && text[at + n] === '`') {
        let after = at + n;
        while (text[after] === '`') after++;
        at = text.indexOf(fence, after);
      }
      if (at < 0) break; // an unclosed backtick run: mdbook-katex stops here too
      i = at + n;
    } else {
      i++;
    }
  }
  if (start < text.length) pieces.push({ text: text.slice(start) });
  return pieces;
}

/** The indentation (spaces, and `>` of block quotes) before position `at` on its line. */
function indentBefore(text, at) {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const prefix = text.slice(lineStart, at);
  return /^[ >]*$/.test(prefix) ? prefix : null;
}

/** mdbook-html's id for a heading's text (utils.rs: id_from_content). */
export function idFromContent(text) {
  let id = '';
  for (const ch of text.trim().toLowerCase()) {
    if (/[\p{Alphabetic}\p{Nd}\p{Nl}\p{No}_-]/u.test(ch)) id += ch;
    else if (/\s/u.test(ch)) id += '-';
  }
  return id;
}

/** The text of a heading as it shows in the page: code, emphasis and links reduced to text. */
function headingText(markdown) {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`+([^`]*)`+/g, '$1')
    .replace(/(\*\*|__|\*|_)(\S(?:.*?\S)?)\1/g, '$2')
    .replace(/\\([!-\/:-@[-`{-~])/g, '$1');
}

/**
 * Writes out the id of every ATX heading (`## Text` becomes `## Text {#text}`) as mdbook would
 * make it for the English page, outside fenced code; headings that have an id keep it.
 */
export function pinHeadingIds(page) {
  const used = new Set();
  let fence = null;
  return page
    .split('\n')
    .map((line) => {
      const f = line.match(/^ {0,3}(`{3,}|~{3,})/);
      if (fence) {
        if (f && f[1][0] === fence[0] && f[1].length >= fence.length && /^ {0,3}[`~]+\s*$/.test(line)) fence = null;
        return line;
      }
      if (f) {
        fence = f[1];
        return line;
      }
      const h = line.match(/^( {0,3}#{1,6})\s+(.*?)(?:\s+#+)?\s*$/);
      if (!h || /\{#[^}]*\}\s*$/.test(h[2])) return line;
      const base = idFromContent(headingText(h[2]));
      let id = base;
      for (let n = 1; used.has(id); n++) id = `${base}-${n}`;
      used.add(id);
      return `${h[1]} ${h[2]} {#${id}}`;
    })
    .join('\n');
}

/** Hides every formula of a page from Markdown, and pins its heading ids (see the top). */
export function wrap(page) {
  let out = '';
  for (const piece of scanMath(pinHeadingIds(page))) {
    if (piece.text !== undefined) {
      out += piece.text;
      continue;
    }
    const { math, display } = piece;
    if (math.includes('`')) throw new Error(`a formula with a backtick cannot be guarded: $${math}$`);
    if (!display) {
      out += '`$' + math + '$`';
      continue;
    }
    // A display formula that starts a line of its own (after the indentation of a list item or
    // block quote) becomes a fenced block at the same indentation; one inside a sentence stays
    // there, as a code span like an inline formula.
    const indent = indentBefore(out, out.length);
    if (indent === null) {
      out += '`$$' + math + '$$`';
      continue;
    }
    const lines = math
      .split('\n')
      .map((l) => l.replace(/^[ >]*/, '').trimEnd())
      .filter((l) => l.trim() !== '');
    out += `${SKIP_COMMENT}\n${indent}\n${indent}\`\`\`${DISPLAY_INFO}\n`;
    out += lines.map((l) => `${indent}${l}\n`).join('');
    out += `${indent}\`\`\``;
  }
  return out;
}

/** Puts back what `wrap` hid, in a page that has been through gettext. */
export function unwrap(page) {
  const lines = page.split('\n');
  const out = [];
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    if (line.trim() === SKIP_COMMENT) continue;
    const open = line.match(/^([ >]*)(`{3,}|~{3,})\s*dlfs-math\s*$/);
    if (open) {
      const [, indent, fence] = open;
      out.push(`${indent}$$`);
      for (n++; n < lines.length; n++) {
        const close = lines[n].match(/^([ >]*)(`{3,}|~{3,})\s*$/);
        if (close && close[2][0] === fence[0] && close[2].length >= fence.length) break;
        out.push(lines[n]);
      }
      out.push(`${indent}$$`);
      continue;
    }
    out.push(line);
  }
  // Inline formulas: a code span whose whole content is $…$ (one backtick, as `wrap` writes
  // it, or more if Markdown was written back with longer runs).
  return out.join('\n').replace(/(`+)\$([^`]*?)\$\1(?!`)/g, (_, ticks, math) => `$${math}$`);
}

/** Every `$…$` code span already in the English source would be turned into math by unwrap. */
function checkNoLookalikes(page, where) {
  const m = page.match(/(?<!`)(`+)\$[^`]*?\$\1(?!`)/);
  if (m) {
    throw new Error(`${where}: the code span ${m[0]} looks like guarded math; write it differently`);
  }
}

function forEachChapter(items, f) {
  for (const item of items ?? []) {
    const chapter = item?.Chapter;
    if (!chapter) continue;
    f(chapter);
    forEachChapter(chapter.sub_items, f);
  }
}

/** True when the pages are about to be translated or extracted (see the top of the file). */
function guardNeeded(context) {
  if (context.renderer === 'xgettext') return true;
  const language = context.config?.book?.language;
  if (!language) return false;
  const poDir = context.config?.preprocessor?.gettext?.['po-dir'] ?? 'po';
  return existsSync(path.resolve(context.root, poDir, `${language}.po`));
}

async function main() {
  const [mode, ...rest] = process.argv.slice(2);
  if (mode !== 'wrap' && mode !== 'unwrap') {
    console.error('usage: guard.mjs wrap|unwrap [supports RENDERER | --text]');
    process.exit(2);
  }
  if (rest[0] === 'supports') {
    // unwrap must not run for xgettext: the catalog keeps the guarded forms.
    process.exit(mode === 'unwrap' && rest[1] === 'xgettext' ? 1 : 0);
  }
  const input = readFileSync(0, 'utf8');
  if (rest[0] === '--text') {
    process.stdout.write(mode === 'wrap' ? wrap(input) : unwrap(input));
    return;
  }
  const [context, book] = JSON.parse(input);
  if (!guardNeeded(context)) {
    // The English book: nothing was wrapped, nothing to unwrap.
  } else if (mode === 'wrap') {
    forEachChapter(book.items, (chapter) => {
      const where = chapter.source_path ?? chapter.path ?? chapter.name;
      checkNoLookalikes(chapter.content, where);
      try {
        chapter.content = wrap(chapter.content);
      } catch (e) {
        throw new Error(`${where}: ${e.message}`);
      }
    });
  } else {
    forEachChapter(book.items, (chapter) => {
      chapter.content = unwrap(chapter.content);
    });
  }
  process.stdout.write(JSON.stringify(book));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((e) => {
    console.error(`guard: ${e.message}`);
    process.exit(1);
  });
}
