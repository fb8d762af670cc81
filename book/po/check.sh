#!/usr/bin/env bash
# Checks that the Chinese catalog translates the English text as it is now, so that a change
# to English text lands with its translation. CI runs it (.ci/run); run it by hand after
# book/po/update.sh and translating. It
#   1. re-extracts the POT from the current English source (po/extract.sh) and fails if the
#      committed po/messages.pot is not that POT, or book/i18n/glossary-terms.js not the
#      glossary's terms (run po/update.sh);
#   2. merges it into a temporary copy of po/zh-CN.po, as po/update.sh would;
#   3. fails listing every message that is untranslated or fuzzy there, except the messages
#      handed to translators in po/parts/*.po, which may stay untranslated until their part is
#      merged back (po/parts/README.md);
#   4. checks the translations keep formulas, code and link targets (po/lint.mjs), that
#      msgfmt accepts the catalog, and that po/TERMS.md lists the glossary's terms.
# Never changes a file.
#
#   book/po/check.sh
set -euo pipefail
po_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$po_dir"
for tool in msgmerge msgattrib msgcat msgfmt; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "error: $tool not found (GNU gettext: apt-get install gettext)" >&2
    exit 1
  fi
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failed=0

# 1. The template.
"$po_dir/extract.sh" "$tmp/messages.pot"
if ! diff -q <(grep -v '^"POT-Creation-Date:' messages.pot) <(grep -v '^"POT-Creation-Date:' "$tmp/messages.pot") >/dev/null; then
  echo "po/messages.pot is out of date with the English source: run book/po/update.sh, translate, commit." >&2
  diff <(grep -v '^"POT-Creation-Date:' messages.pot) <(grep -v '^"POT-Creation-Date:' "$tmp/messages.pot") | head -20 | sed 's/^/    /' >&2 || true
  failed=1
fi

# The search's glossary terms (book/i18n/glossary-terms.js) come from the current glossary.
if ! node ../i18n/glossary-terms.mjs ../src/appendix/glossary.md | cmp -s - ../i18n/glossary-terms.js; then
  echo "book/i18n/glossary-terms.js is out of date with the glossary: run book/po/update.sh, commit." >&2
  failed=1
fi

# 2. The merge.
cp zh-CN.po "$tmp/zh-CN.po"
msgmerge --quiet --update --backup=none "$tmp/zh-CN.po" "$tmp/messages.pot"

# 3. What is left to translate. Messages of the parts handed out are pending, not missing.
parts=(parts/*.po)
if [ -e "${parts[0]}" ]; then
  msgcat --use-first --output-file="$tmp/pending.po" "${parts[@]}"
else
  printf 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n' >"$tmp/pending.po"
fi
list() { # The messages of a PO file, one line each: where it comes from, and its start.
  msgcat --no-wrap "$1" | awk '
    function piece(s) { sub(/^(msgid )?"/, "", s); sub(/"$/, "", s); return s }
    /^#: / { where = substr($0, 4); next }
    /^msgid / { inid = 1; text = piece($0); next }
    inid && /^"/ { text = text piece($0); next }
    /^msgstr/ { if (where != "") print "  " where ": " substr(text, 1, 110); where = ""; inid = 0 }'
}
count() { list "$1" | grep -c . || true; }
# A − B, for PO files: `msgcat --less-than=2 A B B'` (B' a copy of B: msgcat reads a file named
# twice only once) keeps the messages defined once, which are those of A that are not in B.
minus() {
  cp "$2" "$tmp/minus-copy.po"
  msgcat --less-than=2 --output-file="$3" "$1" "$2" "$tmp/minus-copy.po"
  touch "$3"
}
msgattrib --untranslated --no-obsolete "$tmp/zh-CN.po" >"$tmp/untranslated-all.po"
msgattrib --only-fuzzy --no-obsolete "$tmp/zh-CN.po" >"$tmp/fuzzy-all.po"
minus "$tmp/untranslated-all.po" "$tmp/pending.po" "$tmp/untranslated.po"
minus "$tmp/fuzzy-all.po" "$tmp/pending.po" "$tmp/fuzzy.po"
untranslated="$(list "$tmp/untranslated.po")"
fuzzy="$(list "$tmp/fuzzy.po")"
if [ -n "$untranslated" ]; then
  echo "Untranslated messages ($(grep -c . <<<"$untranslated")): translate them in po/zh-CN.po" >&2
  echo "$untranslated" >&2
  failed=1
fi
if [ -n "$fuzzy" ]; then
  echo "Fuzzy messages ($(grep -c . <<<"$fuzzy")): the English changed; check the translation and remove the fuzzy flag" >&2
  echo "$fuzzy" >&2
  failed=1
fi

# 4. The translations themselves, and the term list translators use.
msgfmt --check-format --output-file=/dev/null zh-CN.po || failed=1
node "$po_dir/lint.mjs" zh-CN.po || failed=1
terms() { # "English | 中文" of each table row after the line matching $2 in file $1
  awk -v from="$2" 'index($0, from) == 1 { on = 1 } on && /^\| / && !/^\| English \|/ {
    n = split($0, c, "|"); gsub(/^ +| +$/, "", c[2]); gsub(/^ +| +$/, "", c[3]); print c[2] " | " c[3] }' "$1"
}
if ! diff <(terms ../src/appendix/glossary.md '## ') <(terms TERMS.md '## Terms of the chapters') >"$tmp/terms.diff"; then
  echo "po/TERMS.md lists other terms than the glossary (< glossary, > TERMS.md):" >&2
  sed 's/^/    /' "$tmp/terms.diff" >&2
  failed=1
fi

printf 'zh-CN.po: '
msgfmt --statistics --output-file=/dev/null "$tmp/zh-CN.po" 2>&1
pending=$(($(count "$tmp/untranslated-all.po") + $(count "$tmp/fuzzy-all.po") - $(count "$tmp/untranslated.po") - $(count "$tmp/fuzzy.po")))
if [ "$pending" -gt 0 ]; then
  echo "  ($pending of them untranslated in the parts handed to translators, po/parts/)"
fi
if [ "$failed" -ne 0 ]; then
  echo "Translation check FAILED (see po/README.md)" >&2
  exit 1
fi
echo "Translation check passed"
