#!/usr/bin/env bash
# Extracts the English text of the book into a PO template (default: book/po/messages.pot),
# with mdbook-xgettext, from the page sources as they are written: {{#include}} is not expanded
# (the built-in preprocessors are off), so included code and program output never become
# messages, and the page goes through po/guard.mjs as it does when the Chinese book is built,
# so the messages are exactly those mdbook-gettext looks up.
#
#   book/po/extract.sh [OUT.pot]
set -euo pipefail
po_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
book_dir="$(dirname "$po_dir")"
out="$(realpath -m "${1:-$po_dir/messages.pot}")"

for tool in mdbook mdbook-xgettext node; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "error: $tool not found on PATH (cargo install --locked mdbook@0.5.4 mdbook-i18n-helpers@0.4.0; node from your system)" >&2
    exit 1
  fi
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# Without line numbers in the references (granularity 0): a message that does not change keeps
# its entry exactly, wherever its paragraph moves on the page.
# (mdbook warns that `links`, named in book.toml's ordering, is not running: that is the point.)
(cd "$book_dir" &&
  MDBOOK_BUILD__USE_DEFAULT_PREPROCESSORS=false \
  MDBOOK_OUTPUT='{"xgettext": {"pot-file": "messages.pot", "granularity": 0}}' \
    mdbook build -d "$tmp" 2>&1) | grep -v -e 'which was not found' -e ' INFO ' >&2 || true
if [ ! -s "$tmp/messages.pot" ]; then
  echo "error: mdbook-xgettext wrote no messages.pot" >&2
  exit 1
fi
mv "$tmp/messages.pot" "$out"
