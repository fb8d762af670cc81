#!/usr/bin/env bash
# Regenerates chapter 7's figures (book/src/ch07/figures/*.svg) and the program output the
# chapter shows (book/src/ch07/output/*.txt), by running the chapter binary (release build).
# Needs MNIST: set MNIST_DIR to its folder (or let the binary find or download it).
#
#   MNIST_DIR=/path/to/mnist book/src/ch07/regenerate.sh          # everything
#   MNIST_DIR=/path/to/mnist book/src/ch07/regenerate.sh --quick  # all but the 20-epoch training
#
# The full training (`train`, 20 epochs) takes the longest; it saves ch07-cnn/params.npz, which
# `filters` and `apply-filter` then use. With --quick it is skipped and those use the params.npz
# already there, else the shipped ch07-cnn/weights/simple_conv_net.npz. To ship a new training
# run's parameters, copy ch07-cnn/params.npz over that file.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."   # the repository root

quick=false
if [ "${1:-}" = "--quick" ]; then quick=true; fi

out=book/src/ch07/output
mkdir -p "$out"
cargo build --release -q -p ch07-cnn

# One capture per section subcommand, written to a temporary name first so an interrupted run
# never leaves a half capture behind. The figures go to the default folder, book/src/ch07/figures.
capture() {
  local name=$1
  shift
  cargo run --release -q -p ch07-cnn -- "$@" >"$out/.$name.txt.partial"
  mv "$out/.$name.txt.partial" "$out/$name.txt"
  echo "wrote $out/$name.txt"
}
# A command that must fail: its one-line error (stderr) is the capture.
capture_error() {
  local name=$1
  shift
  if cargo run --release -q -p ch07-cnn -- "$@" >/dev/null 2>"$out/.$name.txt.partial"; then
    echo "error: 'ch07-cnn $*' was expected to fail" >&2
    exit 1
  fi
  mv "$out/.$name.txt.partial" "$out/$name.txt"
  echo "wrote $out/$name.txt"
}

capture help --help
capture im2col im2col
capture gradient-check gradient-check
capture_error error-stride --stride 2
capture_error error-pool --filter-size 4
capture_error error-weights --weights ch07-cnn/no-such-params.npz
if [ "$quick" = false ]; then
  capture train                     # the default: 20 epochs, saves ch07-cnn/params.npz
fi
capture weights --weights ch07-cnn/weights/simple_conv_net.npz
capture filters filters
capture apply-filter apply-filter
