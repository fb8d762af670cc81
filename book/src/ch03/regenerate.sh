#!/usr/bin/env bash
# Regenerates chapter 3's figures (book/src/ch03/figures/) and the program output its pages
# show (book/src/ch03/output/), from a release build.
#
#   book/src/ch03/regenerate.sh                          # MNIST found or downloaded as usual
#   MNIST_DIR=/path/to/mnist book/src/ch03/regenerate.sh
#
# It also retrains the shipped weights (ch03-inference/weights/sample_weight.npz) first, so
# the weights, the training log and the accuracy the pages show all come from one run. The
# training is seeded: on the same machine it writes the same file again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
out=book/src/ch03/output
mkdir -p "$out"

cargo build --release -q -p ch03-inference
ch03() { cargo run --release -q -p ch03-inference -- "$@"; }

# Shown as typed by a reader; run here with the release build.
ch03 -h > "$out/help.txt"
ch03 train-weights > "$out/train-weights.txt"
ch03 activations > "$out/activations.txt"
ch03 forward > "$out/forward.txt"
ch03 softmax > "$out/softmax.txt"
ch03 mnist > "$out/mnist.txt"

# What a bad weights file looks like: the Python book's pickle passed without converting it,
# and an npz whose arrays have other shapes (the error goes to stderr, the exit status is 1).
bin="$(cd "${CARGO_TARGET_DIR:-target}" && pwd)/release/ch03-inference"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
printf '\x80\x04\x95 not an npz: a pickle' > "$tmp/sample_weight.pkl"
cp ch03-inference/tests/data/numpy_savez_tiny.npz "$tmp/toy_network.npz"
{
  echo '$ cargo run -p ch03-inference -- --weights sample_weight.pkl'
  (cd "$tmp" && "$bin" --weights sample_weight.pkl 2>&1 >/dev/null) || echo "(exit status $?)"
  echo
  echo '$ cargo run -p ch03-inference -- --weights toy_network.npz'
  (cd "$tmp" && "$bin" --weights toy_network.npz 2>&1 >/dev/null) || echo "(exit status $?)"
} > "$out/weights-errors.txt"

echo "chapter 3: figures in book/src/ch03/figures/, output in $out/"
