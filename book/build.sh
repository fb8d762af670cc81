#!/usr/bin/env bash
# Builds the book into book/book/ (HTML in book/book/html/). Needs no network.
#
#   book/build.sh            # from anywhere in the repository
#
# Needs mdbook, mdbook-katex and mdbook-linkcheck2 (see README.md, "The book").
set -euo pipefail
book_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$book_dir"

missing=()
for tool in mdbook mdbook-katex mdbook-linkcheck2; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "error: ${missing[*]} not found on PATH. Install with:" >&2
  echo "  cargo install --locked mdbook@0.5.4 mdbook-katex@0.10.0 mdbook-linkcheck2@0.13.0" >&2
  exit 1
fi

# Hook for pages that need a build step of their own (the browser playground's WebAssembly):
# an executable book/<part>/build.sh runs before mdbook and writes its output under book/src/,
# where the page loads it from.
for hook in "$book_dir"/*/build.sh; do
  [ -x "$hook" ] || continue
  echo "== $(basename "$(dirname "$hook")"): ${hook#"$book_dir"/}"
  "$hook"
done

echo "== mdbook build ($(mdbook --version))"
# mdbook exits non-zero on a missing page, a failing preprocessor, or (through linkcheck2) a
# link to a missing page or image. A broken {{#include}} and a formula KaTeX cannot parse are
# only logged (the page keeps the raw text), so the log is checked for those too.
# (mdbook-katex 0.10.0 warns that it was built against mdbook 0.5.3: harmless.)
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
mdbook build 2>&1 | tee "$log"
if grep -Eq 'ERROR|Rendering failed' "$log"; then
  echo >&2
  echo "error: the book built with errors:" >&2
  grep -E 'ERROR|Rendering failed' "$log" | sed 's/\x1b\[[0-9;]*m//g; s/^/  /' >&2
  exit 1
fi

html="$book_dir/book/html"
if [ ! -f "$html/index.html" ]; then
  echo "error: mdbook finished but $html/index.html is missing" >&2
  exit 1
fi
echo
echo "The book is in $html/"
echo "  open it:  xdg-open $html/index.html   (or open that file in any browser)"
echo "  or serve it with live reload while you edit:  mdbook serve $book_dir --open"
