#!/usr/bin/env bash
# Regenerates the program output chapter 3 shows (book/src/ch03/output/) and its figures
# (book/src/ch03/figures/): runs each section as a reader types it (release build), the
# figures landing in ch03-inference/out/ as the reader's would, then publishes the ones the
# book shows.
#
#   book/src/ch03/regenerate.sh                          # MNIST found or downloaded as usual
#   MNIST_DIR=/path/to/mnist book/src/ch03/regenerate.sh
#
# It also retrains the shipped weights (ch03-inference/weights/sample_weight.npz) first, so
# the weights, the training log and the accuracy the pages show all come from one run. The
# explicit --save below is the only thing that writes that file. The training is seeded: on
# the same machine it writes the same weights again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."   # the repository root: printed paths start there
chapter=ch03 crate=ch03-inference
source book/capture.sh

capture help "$bin" -h
capture train-weights "$bin" train-weights --save ch03-inference/weights/sample_weight.npz
capture_error train-weights-bad-rate "$bin" train-weights --learning-rate=-1
capture activations "$bin" activations
capture forward "$bin" forward
capture softmax "$bin" softmax
capture mnist "$bin" mnist

# What a bad weights file looks like: the Python book's pickle passed without converting it,
# and an npz whose arrays have other shapes (the error goes to stderr, the exit status is 1).
# Run in a scratch folder so that the messages show the file names as a reader types them.
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
} > "$out/.weights-errors.txt.partial"
mv "$out/.weights-errors.txt.partial" "$out/weights-errors.txt"
echo "wrote $out/weights-errors.txt"

publish step.svg sigmoid.svg step_vs_sigmoid.svg relu.svg tanh.svg identity.svg \
  three_layer_network.svg mnist_predictions.svg mnist_misclassified.svg
