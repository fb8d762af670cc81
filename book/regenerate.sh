#!/usr/bin/env bash
# Regenerates every figure and every captured program output the book shows, by running each
# chapter's own book/src/chNN/regenerate.sh in chapter order (release builds).
#
#   book/regenerate.sh                          # finds or downloads MNIST as the chapters do
#   MNIST_DIR=/path/to/mnist book/regenerate.sh  # use the four MNIST files in that folder
set -euo pipefail
book_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$book_dir/.."

echo "MNIST_DIR=${MNIST_DIR:-<unset: the chapters look in their cache, then download>}"
if [ -n "${MNIST_DIR:-}" ]; then export MNIST_DIR; fi

start=$SECONDS
ran=0
for script in "$book_dir"/src/ch*/regenerate.sh; do
  [ -f "$script" ] || continue
  chapter="$(basename "$(dirname "$script")")"
  t0=$SECONDS
  echo
  echo "== $chapter: book/src/$chapter/regenerate.sh"
  if ! bash "$script"; then
    echo "error: $chapter's regenerate.sh failed (see above)" >&2
    exit 1
  fi
  echo "== $chapter done in $((SECONDS - t0)) s"
  ran=$((ran + 1))
done

if [ "$ran" -eq 0 ]; then
  echo "No chapter has a regenerate.sh yet (book/src/chNN/regenerate.sh)."
else
  echo
  echo "Regenerated $ran chapter(s) in $((SECONDS - start)) s. Rebuild the book with book/build.sh."
fi
