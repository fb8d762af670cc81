//! Chapter 7: convolutional networks. Without a subcommand, trains SimpleConvNet on MNIST
//! (`train`, the book's `train_convnet.py`); the other subcommands are the chapter's
//! sections.
//!
//! ```text
//! cargo run -p ch07-cnn                                  # 7.5: train (20 epochs), save out/params.npz
//! cargo run -p ch07-cnn -- --epochs 1 --train-size 10000 # a quick run
//! cargo run -p ch07-cnn -- --weights ch07-cnn/weights/simple_conv_net.npz  # score given parameters
//! cargo run -p ch07-cnn -- convolution                   # 7.2: the sliding filter, blocks, multiply-adds
//! cargo run -p ch07-cnn -- pooling                       # 7.3: max pooling, forward and backward
//! cargo run -p ch07-cnn -- im2col                        # 7.4: im2col's shapes and figure
//! cargo run -p ch07-cnn -- gradient-check                # 7.5: backprop vs numerical gradients
//! cargo run -p ch07-cnn -- filters                       # 7.6: the first layer's filters
//! cargo run -p ch07-cnn -- apply-filter                  # 7.6: a digit through those filters
//! cargo run -p ch07-cnn -- lenet                         # 7.7: LeNet-5, then and now
//! cargo run -p ch07-cnn -- deep                          # 7.7: the Python book's DeepConvNet (99.3%)
//! cargo run -p ch07-cnn -- residual                      # 7.7: plain and residual stacks by depth
//! cargo run -p ch07-cnn -- receptive-field               # 7.7: per layer: shapes, receptive fields, costs
//! cargo run -p ch07-cnn -- architectures                 # 7.7: LeNet, AlexNet, VGG-16, ResNet, drawn
//! ```
//!
//! Everything a run writes goes to `ch07-cnn/out/` (git-ignored) unless `--figures` or
//! `--save` say otherwise.

mod sections;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::{Parser, Subcommand};

use common::cli::{ChapterArgs, DataArgs, learning_rate, whole_in};
use common::optimizer::OptimizerKind;

#[derive(Parser, Debug)]
#[command(
    version,
    about = "Chapter 7 of Deep Learning from Scratch: convolutional networks. Without a subcommand: train."
)]
struct Cli {
    #[command(flatten)]
    chapter: ChapterArgs,
    #[command(flatten)]
    data: DataArgs,
    #[command(flatten)]
    train: TrainArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug, Clone, Copy, PartialEq, Eq)]
enum Command {
    /// 7.5: train SimpleConvNet on MNIST with Adam, save its parameters, draw the accuracy
    /// and loss curves (the default).
    Train,
    /// 7.2: the book's convolution examples (padding, stride) drawn; a convolution as blocks;
    /// SimpleConvNet's multiply-adds.
    Convolution,
    /// 7.3: max pooling on the book's example, forward and backward, drawn.
    Pooling,
    /// 7.4: im2col's shapes (the book's examples), a size that does not divide, the figure.
    Im2col,
    /// 7.5: backprop against numerical gradients on a small SimpleConvNet (f64).
    GradientCheck,
    /// 7.6: the 30 first-layer filters before and after training.
    Filters,
    /// 7.6: a test digit through some learned filters: the feature maps.
    ApplyFilter {
        /// Which test image (0 to 9999).
        #[arg(long, default_value_t = 0, value_parser = whole_in(0, 9999), allow_negative_numbers = true)]
        index: usize,
        /// How many filters to show (1 to 30).
        #[arg(long, default_value_t = 8, value_parser = whole_in(1, 30), allow_negative_numbers = true)]
        filters: usize,
    },
    /// 7.7: LeNet-5 as in 1998 (sigmoid, subsampling) and as built today (ReLU, max pooling),
    /// trained beside SimpleConvNet (--epochs, default 10).
    Lenet,
    /// 7.7: the Python book's DeepConvNet, trained (--epochs, default 20) or scored (--weights).
    Deep,
    /// 7.7: plain and residual stacks of growing depth, trained the same way.
    Residual,
    /// 7.7: LeNet, AlexNet, VGG-16 and DeepConvNet layer by layer: output shapes, receptive
    /// fields, parameters, multiply-adds; and why VGG stacks 3×3 convolutions.
    ReceptiveField,
    /// 7.7: LeNet-5, AlexNet and VGG-16 drawn from their layer lists; ResNet's residual block.
    Architectures,
}

impl Command {
    /// The training options a section takes (the default section, `train`, takes them all).
    fn options(self) -> &'static [&'static str] {
        match self {
            Command::Train => &[],
            Command::Lenet | Command::Residual => &["--epochs", "--train-size"],
            Command::Deep => &["--epochs", "--train-size", "--save", "--weights"],
            Command::Filters | Command::ApplyFilter { .. } => &["--weights"],
            Command::Im2col | Command::GradientCheck | Command::ReceptiveField => &[],
            Command::Convolution | Command::Pooling | Command::Architectures => &[],
        }
    }
}

/// Training's options (the default section, and `train`). They may come before or after the
/// subcommand; the other sections take none of them, except `--weights`.
#[derive(clap::Args, Debug, Clone, Default)]
#[command(next_help_heading = "Training (the default, and `train`)")]
struct TrainArgs {
    /// Passes over the training data, 1 to 1000 [default: 20].
    #[arg(long, global = true, value_parser = whole_in(1, 1000), allow_negative_numbers = true)]
    epochs: Option<usize>,
    /// Train on the first N training images only, 1 to 60000 (for a quick run).
    #[arg(long, global = true, value_name = "N", value_parser = whole_in(1, 60_000), allow_negative_numbers = true)]
    train_size: Option<usize>,
    /// Images per mini-batch, 1 to 60000 [default: 100].
    #[arg(long, global = true, value_parser = whole_in(1, 60_000), allow_negative_numbers = true)]
    batch_size: Option<usize>,
    /// The update rule: sgd, momentum, nesterov, adagrad, rmsprop or adam [default: adam].
    #[arg(long, global = true, value_enum, hide_possible_values = true)]
    optimizer: Option<OptimizerKind>,
    /// Learning rate [default: 0.001 for Adam, 0.01 for the others].
    #[arg(long, global = true, value_parser = learning_rate, allow_negative_numbers = true)]
    lr: Option<f64>,
    /// Where to save the trained parameters [default: ch07-cnn/out/params.npz].
    #[arg(long, global = true, value_name = "FILE")]
    save: Option<PathBuf>,
    /// Parameters to use instead of training (.npz with the book's keys and shapes): the
    /// default section scores them on the test set; filters and apply-filter show them.
    #[arg(long, global = true, value_name = "FILE.npz")]
    weights: Option<PathBuf>,
    /// Number of filters of the convolution, at least 1 [default: 30].
    #[arg(long, global = true, value_parser = whole_in(1, usize::MAX), allow_negative_numbers = true)]
    filter_num: Option<usize>,
    /// Each filter is N×N, at least 1 [default: 5].
    #[arg(long, global = true, value_name = "N", value_parser = whole_in(1, usize::MAX), allow_negative_numbers = true)]
    filter_size: Option<usize>,
    /// Zero padding around each image [default: 0].
    #[arg(long, global = true, value_parser = whole_in(0, usize::MAX), allow_negative_numbers = true)]
    pad: Option<usize>,
    /// Step between filter positions, at least 1 [default: 1].
    #[arg(long, global = true, value_parser = whole_in(1, usize::MAX), allow_negative_numbers = true)]
    stride: Option<usize>,
}

impl TrainArgs {
    /// The options given on the command line, by name.
    fn given(&self) -> Vec<&'static str> {
        let TrainArgs {
            epochs,
            train_size,
            batch_size,
            optimizer,
            lr,
            save,
            weights,
            filter_num,
            filter_size,
            pad,
            stride,
        } = self;
        [
            ("--epochs", epochs.is_some()),
            ("--train-size", train_size.is_some()),
            ("--batch-size", batch_size.is_some()),
            ("--optimizer", optimizer.is_some()),
            ("--lr", lr.is_some()),
            ("--save", save.is_some()),
            ("--weights", weights.is_some()),
            ("--filter-num", filter_num.is_some()),
            ("--filter-size", filter_size.is_some()),
            ("--pad", pad.is_some()),
            ("--stride", stride.is_some()),
        ]
        .into_iter()
        .filter_map(|(name, given)| given.then_some(name))
        .collect()
    }
}

fn main() -> ExitCode {
    common::cli::main(|| run(Cli::parse()))
}

fn run(cli: Cli) -> Result<()> {
    let command = cli.command.unwrap_or(Command::Train);
    if command != Command::Train {
        let takes = command.options();
        if let Some(option) = cli.train.given().into_iter().find(|o| !takes.contains(o)) {
            let what =
                if takes.is_empty() { "none of training's options".to_string() } else { takes.join(", ") };
            bail!(
                "{option} is an option of training (the default section, or `train`); this section takes {what}"
            );
        }
    }
    let dataset = cli.data.dataset;
    let figures = cli.chapter.figures_dir(env!("CARGO_MANIFEST_DIR"), dataset);
    let seed = cli.chapter.seed;
    match command {
        Command::Train => match &cli.train.weights {
            Some(weights) => {
                let shape_options = ["--weights", "--filter-num", "--filter-size", "--pad", "--stride"];
                if let Some(option) = cli.train.given().into_iter().find(|o| !shape_options.contains(o)) {
                    bail!(
                        "{option} is an option of training, and --weights scores given parameters without training"
                    );
                }
                sections::evaluate::run(weights, &sections::train::config(&cli.train)?, dataset)
            }
            None => sections::train::run(&cli.train, dataset, seed, &figures),
        },
        Command::Convolution => sections::convolution::run(seed, &figures),
        Command::Pooling => sections::pooling::run(&figures),
        Command::Im2col => sections::im2col::run(seed, &figures),
        Command::GradientCheck => sections::gradient_check::run(seed),
        Command::Filters => sections::filters::filters(cli.train.weights.as_deref(), dataset, seed, &figures),
        Command::ApplyFilter { index, filters } => {
            let weights = cli.train.weights.as_deref();
            sections::filters::apply_filter(weights, index, filters, dataset, seed, &figures)
        }
        Command::Lenet => sections::lenet::run(&cli.train, dataset, seed, &figures),
        Command::Deep => sections::deep::run(&cli.train, dataset, seed, &figures),
        Command::Residual => sections::residual::run(&cli.train, dataset, seed, &figures),
        Command::ReceptiveField => sections::receptive_field::run(seed),
        Command::Architectures => sections::architecture_diagrams::run(seed, &figures),
    }
}
