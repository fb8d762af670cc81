#!/usr/bin/env bash
# Regenerates the program output chapter 5 shows (book/src/ch05/output/*.txt) and its figures
# (book/src/ch05/figures/*.svg), from a release build. Needs MNIST for `gradient-check` and
# `train`: set MNIST_DIR to its folder.
#
#   MNIST_DIR=/path/to/mnist book/src/ch05/regenerate.sh
#   SKIP_BENCH=1 …   keeps output/bench.txt as it is (the benchmark takes a minute or two)
#
# Each section runs as a reader types it, writing its figures to ch05-backprop/out/; `publish`
# then copies the ones the book shows into book/src/ch05/figures/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."   # the repository root

chapter=ch05 crate=ch05-backprop
source book/capture.sh

capture graphs "$bin" graphs
capture buy-apple "$bin" buy-apple
capture buy-apple-orange "$bin" buy-apple-orange
capture softmax-with-loss "$bin" softmax-with-loss
capture gradient-check "$bin" gradient-check
capture train "$bin" train
publish chain_rule.svg sigmoid_graph.svg buy_apple_forward.svg buy_apple.svg buy_apple_orange.svg \
  softmax_loss_graph.svg train_loss.svg train_accuracy.svg
# What the reader sees when training cannot succeed, and a refused option.
capture_error error-chance "$bin" train --lr 1e-6 --iters 1000
capture_error error-diverged "$bin" train --lr 1e30
capture_error error-hidden "$bin" train --hidden 0
fold_lines error-chance error-diverged error-hidden

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
