#!/usr/bin/env bash
# Regenerates the program output chapter 4 shows (book/src/ch04/output/*.txt) and its figures
# (book/src/ch04/figures/*.svg): runs each section as a reader types it (release build), the
# figures landing in ch04-learning/out/ as the reader's would, then publishes the ones the
# book shows. Needs MNIST for `loss` (its mini-batch part) and `train`: set MNIST_DIR to its
# folder (or let the chapter find or download it as usual).
#
#   MNIST_DIR=/path/to/mnist book/src/ch04/regenerate.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."   # the repository root: printed paths start there
chapter=ch04 crate=ch04-learning
source book/capture.sh

capture help "$bin" -h
capture loss "$bin" loss
capture numerical-diff "$bin" numerical-diff
capture gradient "$bin" gradient
capture simple-net "$bin" simple-net
capture train "$bin" train
capture classify2d "$bin" classify2d

publish accuracy_vs_loss.svg tangent_lines.svg gradient_field.svg gradient_descent.svg \
  train_loss.svg train_accuracy.svg classify2d_spiral.svg
