#!/usr/bin/env bash
# Regenerates the program output chapter 6 shows (book/src/ch06/output/*.txt) and its figures
# (book/src/ch06/figures/*.svg), from a release build at the book's settings. Needs MNIST: set
# MNIST_DIR to its folder.
#
#   MNIST_DIR=/path/to/mnist book/src/ch06/regenerate.sh
#
# Each section runs on its own here, as a reader types it, so that each has its own capture;
# together they do what `ch06-techniques all` does (a few minutes on two cores). Their figures
# go to ch06-techniques/out/; `publish` then copies them into book/src/ch06/figures/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."   # the repository root

chapter=ch06 crate=ch06-techniques
source book/capture.sh

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

capture_error error-scales "$bin" batch-norm --scales 0
fold_lines error-scales
capture optimizer-paths "$bin" optimizer-paths
capture optimizer-mnist "$bin" optimizer-mnist
capture activation-histograms "$bin" activation-histograms
capture init-mnist "$bin" init-mnist
capture batch-norm-graph "$bin" batch-norm-graph
capture batch-norm "$bin" batch-norm
excerpt batch-norm-first batch-norm '^============== 1\/' '^============== 2\/'
excerpt batch-norm-summary batch-norm '^training accuracy after the last epoch'
capture dropout "$bin" dropout
capture overfit "$bin" overfit
capture hyperparameter-search "$bin" hyperparameter-search
excerpt hyperparameter-best hyperparameter-search '^=========== Hyper-Parameter'

publish optimizer-paths.svg optimizer-paths-more.svg optimizer-mnist.svg
publish activations-sigmoid-std-1.svg activations-sigmoid-std-0.01.svg activations-sigmoid-xavier.svg \
  activations-tanh-xavier.svg activations-relu-std-0.01.svg activations-relu-xavier.svg \
  activations-relu-he.svg activations-sigmoid-std-1-bn.svg activations-relu-std-0.01-bn.svg
publish init-mnist.svg batch-norm-graph.svg batch-norm.svg dropout.svg overfit.svg \
  overfit-weight-decay.svg overfit-dropout.svg hyperparameter-search.svg

# The optimizers' hand-worked tests, as the pages show them (names and the summary line).
unit_tests() {
  cargo test --release -p common --lib -- --test-threads=1 "$@" 2>&1 \
    | grep -E '^test |^test result' | sed -E 's/; [0-9]+ filtered out//; s/finished in [0-9.]+s/finished in …/'
}
capture test-optimizers unit_tests optimizer::
capture test-layers unit_tests layers::batch_norm layers::dropout layers::tanh multi_layer_net::
