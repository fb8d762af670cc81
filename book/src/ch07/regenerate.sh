#!/usr/bin/env bash
# Regenerates chapter 7's figures (book/src/ch07/figures/*.svg) and the program output the
# chapter shows (book/src/ch07/output/*.txt), by running the chapter binary (release build) as a
# reader types it, then publishing the figures it wrote to ch07-cnn/out/ into the book.
# Needs MNIST: set MNIST_DIR to its folder (or let the binary find or download it).
#
#   MNIST_DIR=/path/to/mnist book/src/ch07/regenerate.sh          # everything
#   MNIST_DIR=/path/to/mnist book/src/ch07/regenerate.sh --quick  # all but the trainings
#   MNIST_DIR=/path/to/mnist book/src/ch07/regenerate.sh --deep   # also DeepConvNet's 20 epochs
#
# The full training (`train`, 20 epochs) takes the longest; it saves ch07-cnn/out/params.npz,
# which this script ships as ch07-cnn/weights/simple_conv_net.npz: the parameters that the
# `--weights`, `filters` and `apply-filter` outputs show. With --quick the training is skipped
# and those show the parameters already shipped. DeepConvNet's training (`deep`, 20 epochs, about
# twenty minutes on two cores) runs only with --deep; it then ships its parameters as
# ch07-cnn/weights/deep_conv_net.npz, which `deep --weights` scores.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."   # the repository root

quick=false deep=false
case "${1:-}" in
  --quick) quick=true ;;
  --deep) deep=true ;;
  "") ;;
  *) echo "usage: $0 [--quick | --deep]" >&2; exit 2 ;;
esac

chapter=ch07 crate=ch07-cnn
source book/capture.sh

capture help "$bin" --help
capture convolution "$bin" convolution
publish conv_sliding.svg conv_padding.svg conv_stride.svg conv_blocks.svg
capture pooling "$bin" pooling
publish max_pooling.svg
capture im2col "$bin" im2col
publish im2col.svg
capture gradient-check "$bin" gradient-check
capture_error error-stride "$bin" --stride 2
capture_error error-pool "$bin" --filter-size 4
capture_error error-weights "$bin" --weights ch07-cnn/no-such-params.npz
if [ "$quick" = false ]; then
  capture train "$bin"                    # the default: 20 epochs, saves ch07-cnn/out/params.npz
  publish train_accuracy.svg train_loss.svg
  cp ch07-cnn/out/params.npz ch07-cnn/weights/.simple_conv_net.npz.partial
  mv ch07-cnn/weights/.simple_conv_net.npz.partial ch07-cnn/weights/simple_conv_net.npz
  echo "wrote ch07-cnn/weights/simple_conv_net.npz"
fi
shipped=ch07-cnn/weights/simple_conv_net.npz
capture weights "$bin" --weights "$shipped"
capture filters "$bin" filters --weights "$shipped"
capture apply-filter "$bin" apply-filter --weights "$shipped"
publish filters.svg apply_filter.svg
capture architectures "$bin" architectures
publish lenet.svg alexnet.svg vgg16.svg residual_block.svg
capture receptive-field "$bin" receptive-field
if [ "$quick" = false ]; then
  capture lenet "$bin" lenet              # LeNet-5 then and now, and SimpleConvNet: 10 epochs each
  publish lenet_accuracy.svg
  capture residual "$bin" residual        # plain and residual stacks of 6 to 34 layers
  publish residual_depth.svg
fi
if [ "$deep" = true ]; then
  capture deep-train "$bin" deep --seed 1 # 20 epochs (seed 1: the shipped run); saves ch07-cnn/out/deep_conv_net.npz
  publish deep_accuracy.svg
  cp ch07-cnn/out/deep_conv_net.npz ch07-cnn/weights/.deep_conv_net.npz.partial
  mv ch07-cnn/weights/.deep_conv_net.npz.partial ch07-cnn/weights/deep_conv_net.npz
  echo "wrote ch07-cnn/weights/deep_conv_net.npz"
else
  # Without --deep: the accuracy figure redrawn from the captured run's per-epoch lines.
  cargo run --release -q -p ch07-cnn --example deep_accuracy_figure -- \
    "$out/deep-train.txt" ch07-cnn/out/deep_accuracy.svg
  publish deep_accuracy.svg
fi
capture deep-weights "$bin" deep --weights ch07-cnn/weights/deep_conv_net.npz
publish deep_misclassified.svg

# The performance appendix's figure, from ch07-cnn/bench/history.csv.
cargo run --release -q -p ch07-cnn --example step_time_figure -- book/src/appendix/figures/step_time.svg
