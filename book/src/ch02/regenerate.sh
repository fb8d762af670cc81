#!/usr/bin/env bash
# Regenerates the program output chapter 2 shows (book/src/ch02/output/*.txt) and its figures
# (book/src/ch02/figures/*.svg): runs each section as a reader types it (release build), the
# figures landing in ch02-perceptron/out/ as the reader's would, then publishes the ones the
# book shows.
#
#   book/src/ch02/regenerate.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."   # the repository root: printed paths start there
chapter=ch02 crate=ch02-perceptron
source book/capture.sh

capture gates "$bin" gates
capture xor "$bin" xor
capture learn "$bin" learn
capture help "$bin" --help
capture learn-help "$bin" learn --help

publish perceptron.svg gates.svg xor-no-line.svg xor-network.svg xor-two-layers.svg \
  learning-errors.svg learning-lines.svg
