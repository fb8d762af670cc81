#!/usr/bin/env bash
# Regenerates chapter 4's figures (book/src/ch04/figures/*.svg) and the program output the
# chapter shows (book/src/ch04/output/*.txt), by running the chapter binary (release build).
# Needs MNIST for `loss` (its mini-batch part) and `train`: set MNIST_DIR to its folder.
#
#   MNIST_DIR=/path/to/mnist book/src/ch04/regenerate.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."   # the repository root

out=book/src/ch04/output
mkdir -p "$out"
cargo build --release -q -p ch04-learning
# Run the binary just built (not `cargo run`, which would rebuild whenever a source changed).
bin="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')/release/ch04-learning"

# One capture per section subcommand, written to a temporary name first so an interrupted run
# never leaves a half capture behind. The figures go to the default folder, book/src/ch04/figures.
capture() {
  local name=$1
  shift
  "$bin" "$@" >"$out/.$name.txt.partial"
  mv "$out/.$name.txt.partial" "$out/$name.txt"
  echo "wrote $out/$name.txt"
}
capture help -h
capture loss loss
capture numerical-diff numerical-diff
capture gradient gradient
capture simple-net simple-net
capture train train
capture classify2d classify2d
