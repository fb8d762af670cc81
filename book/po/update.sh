#!/usr/bin/env bash
# After a change to the English text: re-extracts book/po/messages.pot and merges it into
# book/po/zh-CN.po (new messages arrive untranslated, changed ones arrive "fuzzy" with their
# old translation as a starting point, removed ones are kept at the end as obsolete `#~`), and
# rewrites book/i18n/glossary-terms.js from the glossary.
# Then translate what it reports, and run book/po/check.sh. See po/README.md.
#
#   book/po/update.sh
set -euo pipefail
po_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$po_dir"

"$po_dir/extract.sh" messages.pot
# The search's map from the glossary's Chinese terms to its English ones (book/i18n/).
node "$po_dir/../i18n/glossary-terms.mjs" "$po_dir/../src/appendix/glossary.md" >"$po_dir/../i18n/glossary-terms.js"
if [ -f zh-CN.po ]; then
  msgmerge --quiet --update --backup=none zh-CN.po messages.pot
else
  msginit --no-translator --locale=zh_CN.UTF-8 --input=messages.pot --output-file=zh-CN.po
fi
printf 'zh-CN.po: '
msgfmt --statistics --output-file=/dev/null zh-CN.po 2>&1
