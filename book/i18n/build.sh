#!/usr/bin/env bash
# Writes book/i18n/glossary-terms.js (the glossary's Chinese → English terms, for the search
# of both books) from book/src/appendix/glossary.md. book/build.sh runs this before mdbook; run
# it by hand once before `mdbook serve`. The output is build output (not committed).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/glossary-terms.js"
node "$here/glossary-terms.mjs" "$here/../src/appendix/glossary.md" >"$out.partial"
mv "$out.partial" "$out"
echo "i18n: $(grep -o '"[^"]*":\[' "$out" | wc -l) glossary terms → ${out#"$(cd "$here/../.." && pwd)"/}"
