#!/usr/bin/env bash
# Regenerates chapter 2's figures (book/src/ch02/figures/*.svg) and the program output the
# chapter shows (book/src/ch02/output/*.txt), by running the chapter binary (release build).
#
#   book/src/ch02/regenerate.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."   # the repository root: printed paths start at book/

out=book/src/ch02/output
mkdir -p "$out"
cargo build --release -q -p ch02-perceptron

# One capture per section subcommand, written to a temporary name first so an interrupted run
# never leaves a half capture behind. The figures go to the default folder, book/src/ch02/figures.
capture() {
  local name=$1
  shift
  cargo run --release -q -p ch02-perceptron -- "$@" >"$out/.$name.txt.partial"
  mv "$out/.$name.txt.partial" "$out/$name.txt"
  echo "wrote $out/$name.txt"
}
capture gates gates
capture xor xor
capture learn learn
capture help --help
capture learn-help learn --help
