#!/usr/bin/env bash
# Regenerates chapter 6's figures (book/src/ch06/figures/*.svg) and the program output the
# chapter shows (book/src/ch06/output/*.txt), from a release build at the book's settings.
# Needs MNIST: set MNIST_DIR to its folder.
#
#   MNIST_DIR=/path/to/mnist book/src/ch06/regenerate.sh
#
# Each section runs on its own here, so that each has its own capture; together they do what
# `ch06-techniques all` does (a few minutes on two cores).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."   # the repository root

out=book/src/ch06/output
figures=book/src/ch06/figures
mkdir -p "$out" "$figures"
cargo build --release -q -p ch06-techniques
# Run the binary just built (not `cargo run`, which would rebuild whenever a source changed).
bin="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')/release/ch06-techniques"

# Each capture goes to a temporary name first, so an interrupted run never leaves a half
# capture behind.
capture() {
  local name=$1
  shift
  "$@" >"$out/.$name.txt.partial"
  mv "$out/.$name.txt.partial" "$out/$name.txt"
  echo "wrote $out/$name.txt"
}
# A part of a capture: the lines from the first matching /start/ up to /end/ (not included),
# or to the end.
excerpt() {
  local name=$1 from=$2 start=$3 end=${4:-'$'}
  if [ "$end" = '$' ]; then
    sed -n "/$start/,\$p" "$out/$from.txt" >"$out/.$name.txt.partial"
  else
    sed -n "/$start/,/$end/{/$end/!p;}" "$out/$from.txt" >"$out/.$name.txt.partial"
  fi
  mv "$out/.$name.txt.partial" "$out/$name.txt"
  echo "wrote $out/$name.txt"
}

capture optimizer-paths "$bin" --figures "$figures" optimizer-paths
capture optimizer-mnist "$bin" --figures "$figures" optimizer-mnist
capture activation-histograms "$bin" --figures "$figures" activation-histograms
capture init-mnist "$bin" --figures "$figures" init-mnist
capture batch-norm "$bin" --figures "$figures" batch-norm
excerpt batch-norm-first batch-norm '^============== 1\/' '^============== 2\/'
excerpt batch-norm-summary batch-norm '^training accuracy after the last epoch'
capture overfit "$bin" --figures "$figures" overfit
capture hyperparameter-search "$bin" --figures "$figures" hyperparameter-search
excerpt hyperparameter-best hyperparameter-search '^=========== Hyper-Parameter'

# The optimizers' hand-worked tests, as the pages show them (names and the summary line).
unit_tests() {
  cargo test --release -p common --lib -- --test-threads=1 "$@" 2>&1 \
    | grep -E '^test |^test result' | sed -E 's/finished in [0-9.]+s/finished in …/'
}
capture test-optimizers unit_tests optimizer::
capture test-layers unit_tests layers::batch_norm layers::dropout layers::tanh multi_layer_net::
