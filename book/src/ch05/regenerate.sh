#!/usr/bin/env bash
# Regenerates chapter 5's figures (book/src/ch05/figures/*.svg) and the program output the
# chapter shows (book/src/ch05/output/*.txt), from release builds. Needs MNIST for
# `gradient-check` and `train`: set MNIST_DIR to its folder.
#
#   MNIST_DIR=/path/to/mnist book/src/ch05/regenerate.sh
#   SKIP_BENCH=1 …   keeps output/bench.txt as it is (the benchmark takes a minute or two)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."   # the repository root

out=book/src/ch05/output
figures=book/src/ch05/figures
mkdir -p "$out" "$figures"
cargo build --release -q -p ch05-backprop
# Run the binary just built (not `cargo run`, which would rebuild whenever a source changed).
bin="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')/release/ch05-backprop"

# Each capture goes to a temporary name first, so an interrupted run never leaves a half
# capture behind.
capture() {
  local name=$1
  shift
  "$@" >"$out/.$name.txt.partial"
  mv "$out/.$name.txt.partial" "$out/$name.txt"
  echo "wrote $out/$name.txt"
}
capture graphs "$bin" --figures "$figures" graphs
capture buy-apple "$bin" --figures "$figures" buy-apple
capture buy-apple-orange "$bin" --figures "$figures" buy-apple-orange
capture gradient-check "$bin" gradient-check
capture train "$bin" --figures "$figures" train

# The layer tests the pages show: names and the summary line, in a fixed order.
layer_tests() {
  cargo test --release -p common --lib -- --test-threads=1 "$@" 2>/dev/null \
    | grep -E '^test |^test result' | sed -E 's/; [0-9]+ filtered out//; s/finished in [0-9.]+s/finished in …/'
}
capture test-activation-layers layer_tests layers::relu layers::sigmoid
capture test-affine-softmax layer_tests layers::affine layers::softmax_with_loss

if [ -z "${SKIP_BENCH:-}" ]; then
  bench() {
    cargo bench -q -p ch05-backprop --bench backprop -- --noplot 2>&1 \
      | grep -E '^[a-z].*(SGD|f32)|time:' | sed -E 's/^ +/  /'
  }
  capture bench bench
fi
