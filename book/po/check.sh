#!/usr/bin/env bash
# Checks that the Chinese catalog translates the English text as it is now, so that a change
# to English text lands with its translation. CI runs it (.ci/run); run it by hand after
# book/po/update.sh and translating. It
#   1. re-extracts the POT from the current English source (po/extract.sh) and fails if the
#      committed po/messages.pot is not that POT (run po/update.sh);
#   2. merges it into a temporary copy of po/zh-CN.po, as po/update.sh would;
#   3. fails listing every message that is untranslated or fuzzy there, except the messages
#      handed to translators in po/parts/*.po, which may stay untranslated until their part is
#      merged back (po/parts/README.md);
#   4. checks the translations keep formulas, code and link targets (po/lint.mjs) and that
#      msgfmt accepts the catalog.
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
  diff <(grep -v '^"POT-Creation-Date:' messages.pot) <(grep -v '^"POT-Creation-Date:' "$tmp/messages.pot") | head -20 | sed 's/^/    /' >&2
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
    /^#: / { where = substr($0, 4) }
    /^msgid "/ && $0 != "msgid \"\"" { print "  " where ": " substr($0, 8, 110) }'
}
msgattrib --untranslated --no-obsolete --ignore-file="$tmp/pending.po" "$tmp/zh-CN.po" >"$tmp/untranslated.po"
msgattrib --only-fuzzy --no-obsolete --ignore-file="$tmp/pending.po" "$tmp/zh-CN.po" >"$tmp/fuzzy.po"
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

# 4. The translations themselves.
msgfmt --check-format --output-file=/dev/null zh-CN.po || failed=1
node "$po_dir/lint.mjs" zh-CN.po || failed=1

printf 'zh-CN.po: '
msgfmt --statistics --output-file=/dev/null "$tmp/zh-CN.po" 2>&1
pending="$(msgattrib --untranslated --only-file="$tmp/pending.po" "$tmp/zh-CN.po" | grep -c '^msgid "' || true)"
if [ "$pending" -gt 1 ]; then
  echo "(of which $((pending - 1)) untranslated in parts handed to translators: po/parts/)"
fi
if [ "$failed" -ne 0 ]; then
  echo "Translation check FAILED (see po/README.md)" >&2
  exit 1
fi
echo "Translation check passed"
