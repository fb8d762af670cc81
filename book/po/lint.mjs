#!/usr/bin/env node
// Checks that every translated message of a catalog keeps what must not be translated:
//   - each formula `$…$` of the English, character for character (guard.mjs shows math
//     to translators as a code span that starts and ends with $), and no bare $…$;
//   - each code span (`cargo run -p ch07-cnn`, `W1`, file names);
//   - each link target (the part in parentheses of [text](target)) and image.
// Fuzzy and untranslated messages are skipped (check.sh reports those).
//
//   node po/lint.mjs po/zh-CN.po [more.po …]

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The entries of a PO file: { msgid, msgstr, flags, references, obsolete, line }. */
export function parsePo(text) {
  const entries = [];
  let entry = null;
  let field = null;
  const unquote = (s) => JSON.parse(s);
  const lines = text.split('\n');
  const start = (n) => {
    if (!entry) entry = { msgid: '', msgstr: '', flags: [], references: [], obsolete: false, line: n + 1 };
  };
  const finish = () => {
    if (entry) entries.push(entry);
    entry = null;
    field = null;
  };
  lines.forEach((raw, n) => {
    let line = raw;
    if (line.trim() === '') return finish();
    if (line.startsWith('#~')) {
      start(n);
      entry.obsolete = true;
      line = line.replace(/^#~\s?/, '');
    } else if (line.startsWith('#,')) {
      start(n);
      entry.flags.push(...line.slice(2).split(',').map((f) => f.trim()));
      return;
    } else if (line.startsWith('#:')) {
      start(n);
      entry.references.push(...line.slice(2).trim().split(/\s+/));
      return;
    } else if (line.startsWith('#')) {
      start(n);
      return;
    }
    const m = line.match(/^(msgid|msgstr|msgctxt)\s+(".*")\s*$/);
    if (m) {
      start(n);
      field = m[1];
      entry[field] = unquote(m[2]);
    } else if (/^\s*".*"\s*$/.test(line) && field) {
      entry[field] += unquote(line.trim());
    }
  });
  finish();
  return entries;
}

const MATH = /`\$[^`]*\$`/g;
const CODE = /(`+)[^`][\s\S]*?\1(?!`)/g; // after the formulas are taken out
const TARGET = /\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;

const all = (text, re) => [...text.matchAll(re)].map((m) => m[0]);
const targets = (text) => [...text.matchAll(TARGET)].map((m) => m[1]);
const missing = (want, have) => [...new Set(want)].filter((x) => !have.includes(x));

/** The problems of one translated message, as sentences. */
export function lintMessage(msgid, msgstr) {
  const problems = [];
  const [mathEn, mathZh] = [all(msgid, MATH), all(msgstr, MATH)];
  for (const f of missing(mathEn, mathZh)) problems.push(`formula ${f} is missing or changed`);
  for (const f of missing(mathZh, mathEn)) problems.push(`formula ${f} is not in the English`);
  const bare = msgstr.replace(/(`+)[\s\S]*?\1/g, '').match(/\$[^$\s][^$]*\$/);
  if (bare) problems.push(`bare math ${bare[0]}: write it as in the English, \`$…$\``);
  const code = (text) => all(text.replace(MATH, ' '), CODE);
  const codeZh = code(msgstr);
  for (const c of missing(code(msgid), codeZh)) problems.push(`code span ${c} is missing or changed`);
  const targetsZh = targets(msgstr);
  for (const t of missing(targets(msgid), targetsZh)) problems.push(`link target (${t}) is missing or changed`);
  return problems;
}

function main() {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error('usage: lint.mjs FILE.po [FILE.po …]');
    process.exit(2);
  }
  let count = 0;
  for (const file of files) {
    for (const e of parsePo(readFileSync(file, 'utf8'))) {
      if (e.obsolete || e.msgid === '' || e.msgstr === '' || e.flags.includes('fuzzy')) continue;
      for (const p of lintMessage(e.msgid, e.msgstr)) {
        count++;
        console.log(`${file}:${e.line}: ${p}\n    msgid: ${e.msgid.slice(0, 100).replace(/\n/g, '⏎')}`);
      }
    }
  }
  if (count > 0) {
    console.error(`\n${count} problem(s) in translated messages (see po/TERMS.md: code, math and links stay as they are)`);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
