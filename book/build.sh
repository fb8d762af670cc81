#!/usr/bin/env bash
# Builds the book into book/book/ in both languages: English in book/book/html/, and the
# Chinese translation (po/zh-CN.po) beside it in book/book/html/zh-CN/. Needs no network.
#
#   book/build.sh            # from anywhere in the repository
#
# Needs mdbook, mdbook-katex, mdbook-linkcheck2 and mdbook-i18n-helpers (see README.md,
# "The book"), and node (the book's preprocessor po/guard.mjs).
set -euo pipefail
book_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$book_dir"

missing=()
for tool in mdbook mdbook-katex mdbook-linkcheck2 mdbook-gettext node; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "error: ${missing[*]} not found on PATH. Install with:" >&2
  echo "  cargo install --locked mdbook@0.5.4 mdbook-katex@0.10.0 mdbook-linkcheck2@0.13.0 mdbook-i18n-helpers@0.4.0" >&2
  echo "  (and node from your system's packages, e.g. apt-get install nodejs)" >&2
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

# mdbook exits non-zero on a missing page, a failing preprocessor, or (through linkcheck2) a
# link to a missing page or image. A broken {{#include}} and a formula KaTeX cannot parse are
# only logged (the page keeps the raw text), so the log is checked for those too.
# (mdbook-katex 0.10.0 warns that it was built against mdbook 0.5.3: harmless.)
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
build() { # LABEL, then the environment and arguments of `mdbook build`
  local label="$1"
  shift
  echo "== mdbook build, $label ($(mdbook --version))"
  env "$@" 2>&1 | tee "$log"
  if grep -Eq 'ERROR|Rendering failed' "$log"; then
    echo >&2
    echo "error: the $label book built with errors:" >&2
    grep -E 'ERROR|Rendering failed' "$log" | sed 's/\x1b\[[0-9;]*m//g; s/^/  /' >&2
    exit 1
  fi
}

html="$book_dir/book/html"
build English mdbook build
# The Chinese book: the same source through po/zh-CN.po (the gettext preprocessor translates
# when book.language names a catalog in po/). Built into book/zh-CN/ and moved into the English
# one, so that both are one folder that reads offline and from file:// (the language switch
# links page to page by relative paths).
zh_build="$book_dir/book/zh-CN"
rm -rf "$zh_build"
# (site-url: the 404 page finds its files from there.)
build Chinese MDBOOK_BOOK__LANGUAGE=zh-CN MDBOOK_OUTPUT__HTML__SITE_URL=/zh-CN/ \
  MDBOOK_BOOK__TITLE="深度学习入门：用 Rust 从零实现" \
  MDBOOK_BOOK__DESCRIPTION="从第一性原理出发的深度学习：从感知机到卷积神经网络，用 Rust 实现，每一页旁边都有代码。" \
  mdbook build -d "$zh_build"
rm -rf "$html/zh-CN"
mv "$zh_build/html" "$html/zh-CN"
rm -rf "$zh_build"

for page in "$html/index.html" "$html/zh-CN/index.html"; do
  if [ ! -f "$page" ]; then
    echo "error: mdbook finished but $page is missing" >&2
    exit 1
  fi
done
echo
echo "The book is in $html/ (English) and $html/zh-CN/ (Chinese)"
echo "  open it:  xdg-open $html/index.html   (or open that file in any browser)"
echo "  or serve it with live reload while you edit:  mdbook serve $book_dir --open"
echo "  (the Chinese book: MDBOOK_BOOK__LANGUAGE=zh-CN mdbook serve $book_dir -d /tmp/zh-CN)"
