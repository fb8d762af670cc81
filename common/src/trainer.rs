//! Training a network: the book's `common/trainer.py`.
//!
//! A [`Trainer`] runs mini-batch gradient descent for some epochs with any [`Optimizer`] on
//! any [`Net`] (a fully connected net on (N, 784) images, a convnet on (N, 1, 28, 28) ones),
//! evaluates accuracy after every epoch, and keeps the [`History`]: the loss of every
//! iteration, the accuracies of every epoch. A loss that turns NaN or infinite stops it
//! with a [`TrainError`] that names the likely cause.
//!
//! Mini-batches: by default each epoch is one pass over a fresh shuffle of the training
//! set ([`Sampling::Shuffle`], every example seen once per epoch). The book instead draws
//! every mini-batch independently with `np.random.choice` (with replacement);
//! [`Sampling::WithReplacement`] does that. Both are seeded.

use ndarray::ArrayD;
use rand::seq::SliceRandom;

use crate::Float;
use crate::data::{TrainData, head, mini_batch, random_choice};
use crate::net::Net;
use crate::optimizer::Optimizer;
use crate::progress::Progress;
use crate::rng::seeded;
use crate::targets::Targets;
pub use crate::train_loop::TrainError;

/// How mini-batches are drawn from the training set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sampling {
    /// A fresh permutation every epoch, cut into consecutive mini-batches (the last one
    /// smaller if the batch size does not divide the training set).
    #[default]
    Shuffle,
    /// Every mini-batch drawn independently, with replacement (the book's
    /// `np.random.choice(train_size, batch_size)`); an epoch is ⌈N / batch⌉ of them.
    WithReplacement,
}

// ANCHOR: trainer_config
/// What a [`Trainer`] does, named after the book's `Trainer` arguments.
#[derive(Debug, Clone)]
pub struct TrainerConfig {
    /// How many passes over the training data.
    pub epochs: usize,
    /// Examples per mini-batch.
    pub mini_batch_size: usize,
    /// Score each epoch on the first n training and first n test examples only (the book's
    /// `evaluate_sample_num_per_epoch`, e.g. 1000); `None` scores on all of them.
    pub evaluate_sample_num_per_epoch: Option<usize>,
    /// Also score once before training (epoch 0), so the curves start at chance level.
    pub evaluate_at_start: bool,
    /// Score on the whole test set after the last epoch (the book's "Final Test Accuracy").
    pub final_test: bool,
    /// Examples per forward pass when scoring (memory stays bounded for any data size).
    pub eval_batch_size: usize,
    /// How mini-batches are drawn.
    pub sampling: Sampling,
    /// Seed of the mini-batch draws.
    pub seed: u64,
    /// Show a progress bar for each epoch (only on a terminal).
    pub progress: bool,
    /// Print the book's per-epoch line `=== epoch:1, train acc:…, test acc:… ===`.
    pub verbose: bool,
    /// Shown beside the progress bar.
    pub label: String,
}
// ANCHOR_END: trainer_config

impl Default for TrainerConfig {
    /// The book's defaults: 20 epochs of 100-example mini-batches, scored on everything.
    fn default() -> Self {
        TrainerConfig {
            epochs: 20,
            mini_batch_size: 100,
            evaluate_sample_num_per_epoch: None,
            evaluate_at_start: true,
            final_test: false,
            eval_batch_size: 500,
            sampling: Sampling::Shuffle,
            seed: crate::rng::DEFAULT_SEED,
            progress: true,
            verbose: false,
            label: String::new(),
        }
    }
}

/// What training left behind: the book's `train_loss_list`, `train_acc_list`,
/// `test_acc_list`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    /// The mini-batch loss of every iteration (computed by the forward pass of that
    /// iteration's gradient, i.e. just before its update).
    pub train_loss_list: Vec<f64>,
    /// Accuracy on (a sample of) the training data: at epoch 0 if evaluated at the start,
    /// then after each epoch.
    pub train_acc_list: Vec<f64>,
    /// Accuracy on (a sample of) the test data, at the same moments.
    pub test_acc_list: Vec<f64>,
    /// Accuracy on the whole test set after training, if asked for.
    pub final_test_acc: Option<f64>,
    /// Iterations per epoch.
    pub iter_per_epoch: usize,
}

/// Passed to the per-iteration hook after each update.
#[derive(Debug, Clone, Copy)]
pub struct Iteration {
    /// 0, 1, 2, … over the whole run.
    pub iteration: usize,
    /// 1-based epoch this iteration belongs to.
    pub epoch: usize,
    /// The mini-batch loss before the update.
    pub loss: f64,
}

/// Passed to the per-epoch hook after each evaluation.
#[derive(Debug, Clone, Copy)]
pub struct EpochReport {
    /// 0 for the evaluation before training, then 1, 2, …
    pub epoch: usize,
    /// Accuracy on (a sample of) the training data.
    pub train_acc: f64,
    /// Accuracy on (a sample of) the test data.
    pub test_acc: f64,
}

type IterationHook<'a> = Box<dyn FnMut(&Iteration) + 'a>;
type EpochHook<'a> = Box<dyn FnMut(&EpochReport) + 'a>;

// ANCHOR: trainer
/// Trains a network with an optimizer: see the [module docs](self).
pub struct Trainer<'a, F> {
    /// Epochs, batch size, evaluation, sampling, output.
    pub config: TrainerConfig,
    optimizer: Box<dyn Optimizer<F> + 'a>,
    on_iteration: Option<IterationHook<'a>>,
    on_epoch: Option<EpochHook<'a>>,
}

impl<'a, F: Float> Trainer<'a, F> {
    /// A trainer that updates with `optimizer` as `config` says.
    pub fn new(config: TrainerConfig, optimizer: impl Optimizer<F> + 'a) -> Self {
        Trainer { config, optimizer: Box::new(optimizer), on_iteration: None, on_epoch: None }
    }

    /// Calls `hook` after every update (to record, plot live, or print).
    pub fn on_iteration(mut self, hook: impl FnMut(&Iteration) + 'a) -> Self {
        self.on_iteration = Some(Box::new(hook));
        self
    }

    /// Calls `hook` after every evaluation.
    pub fn on_epoch(mut self, hook: impl FnMut(&EpochReport) + 'a) -> Self {
        self.on_epoch = Some(Box::new(hook));
        self
    }

    // ANCHOR: train_method
    /// Trains `net` on `data` and returns what happened.
    pub fn train<N: Net<F> + ?Sized>(
        &mut self,
        net: &mut N,
        data: TrainData<'_, F>,
    ) -> Result<History, TrainError> {
        let n = crate::train_loop::check(&data, self.config.mini_batch_size)?;
        let batch = self.config.mini_batch_size.min(n);
        let iter_per_epoch = n.div_ceil(batch);
        let mut rng = seeded(self.config.seed);
        let mut history = History { iter_per_epoch, ..History::default() };

        // What is scored every epoch: the first k examples, as the book takes them (copied
        // once), or all of them (not copied).
        let k = self.config.evaluate_sample_num_per_epoch;
        let train_sample = k.filter(|&k| k < n).map(|k| head(data.x_train, data.t_train, Some(k)));
        let test_sample =
            k.filter(|&k| k < data.t_test.len()).map(|k| head(data.x_test, data.t_test, Some(k)));
        let train_eval = match &train_sample {
            Some((x, t)) => (x, t.view()),
            None => (data.x_train, shorter(data.t_train)),
        };
        let test_eval = match &test_sample {
            Some((x, t)) => (x, t.view()),
            None => (data.x_test, shorter(data.t_test)),
        };

        if self.config.evaluate_at_start {
            self.evaluate(net, 0, train_eval, test_eval, &mut history);
        }
        let mut order: Vec<usize> = (0..n).collect();
        let mut iteration = 0;
        for epoch in 1..=self.config.epochs {
            if self.config.sampling == Sampling::Shuffle {
                order.shuffle(&mut rng);
            }
            let label = format!("{} epoch {epoch}/{}", self.config.label, self.config.epochs);
            let mut progress =
                self.config.progress.then(|| Progress::new(iter_per_epoch as u64, label.trim()));
            for i in 0..iter_per_epoch {
                let indices: Vec<usize> = match self.config.sampling {
                    Sampling::Shuffle => order[i * batch..((i + 1) * batch).min(n)].to_vec(),
                    Sampling::WithReplacement => random_choice(n, batch, &mut rng),
                };
                let (x_batch, t_batch) = mini_batch(data.x_train, data.t_train, &indices);
                let loss = net.gradient(&x_batch, t_batch.view()).to_f64_lossy();
                if !loss.is_finite() {
                    if let Some(p) = progress.take() {
                        p.finish();
                    }
                    return Err(TrainError::Diverged { iteration, epoch, loss });
                }
                self.optimizer.update(net.params());
                history.train_loss_list.push(loss);
                if let Some(hook) = &mut self.on_iteration {
                    hook(&Iteration { iteration, epoch, loss });
                }
                if let Some(p) = &mut progress {
                    p.inc(1);
                    if p.is_live() {
                        p.set_status(format!("loss {loss:.4}"));
                    }
                }
                iteration += 1;
            }
            if let Some(p) = progress {
                p.finish();
            }
            self.evaluate(net, epoch, train_eval, test_eval, &mut history);
        }
        if self.config.final_test {
            let acc = net.accuracy(data.x_test, data.t_test, self.config.eval_batch_size);
            if self.config.verbose {
                println!("=============== Final Test Accuracy ===============");
                println!("test acc:{acc}");
            }
            history.final_test_acc = Some(acc);
        }
        Ok(history)
    }
    // ANCHOR_END: train_method

    fn evaluate<N: Net<F> + ?Sized>(
        &mut self,
        net: &mut N,
        epoch: usize,
        (x_train, t_train): (&ArrayD<F>, Targets<'_, F>),
        (x_test, t_test): (&ArrayD<F>, Targets<'_, F>),
        history: &mut History,
    ) {
        let batch = self.config.eval_batch_size;
        let train_acc = net.accuracy(x_train, t_train, batch);
        let test_acc = net.accuracy(x_test, t_test, batch);
        history.train_acc_list.push(train_acc);
        history.test_acc_list.push(test_acc);
        if self.config.verbose {
            println!("=== epoch:{epoch}, train acc:{train_acc}, test acc:{test_acc} ===");
        }
        if let Some(hook) = &mut self.on_epoch {
            hook(&EpochReport { epoch, train_acc, test_acc });
        }
    }
}
// ANCHOR_END: trainer

/// The same targets, borrowed for a shorter time (ndarray's views do not shorten by
/// themselves).
fn shorter<'a: 's, 's, F: Float>(t: Targets<'a, F>) -> Targets<'s, F> {
    match t {
        Targets::Labels(t) => Targets::Labels(t.reborrow()),
        Targets::OneHot(t) => Targets::OneHot(t.reborrow()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::init::{WeightInit, gaussian};
    use crate::multi_layer_net::{Activation, MultiLayerNet, MultiLayerNetConfig};
    use crate::optimizer::{Adam, Sgd};
    use ndarray::{Array1, Array2};

    /// Three Gaussian blobs in 2-D, one per class: a problem a tiny net solves in seconds.
    fn blobs(n: usize, seed: u64) -> (ArrayD<f64>, Array1<usize>) {
        let mut rng = seeded(seed);
        let centres = [(-2.0, 0.0), (2.0, 0.0), (0.0, 2.5)];
        let noise = gaussian::<f64>(&[n, 2], 0.6, &mut rng);
        let labels: Array1<usize> = (0..n).map(|i| i % 3).collect();
        let x = Array2::from_shape_fn((n, 2), |(i, j)| {
            let c = centres[labels[i]];
            (if j == 0 { c.0 } else { c.1 }) + noise[[i, j]]
        });
        (x.into_dyn(), labels)
    }

    fn small_net(seed: u64) -> MultiLayerNet<f64> {
        let config = MultiLayerNetConfig {
            input_size: 2,
            hidden_size_list: vec![16],
            output_size: 3,
            activation: Activation::Relu,
            weight_init: WeightInit::He,
            weight_decay_lambda: 0.0,
        };
        MultiLayerNet::new(&config, &mut seeded(seed)).unwrap()
    }

    #[test]
    fn trainer_learns_a_tiny_synthetic_problem_and_keeps_its_history() {
        let (x, t) = blobs(300, 1);
        let (x_test, t_test) = blobs(150, 2);
        let data = TrainData {
            x_train: &x,
            t_train: Targets::Labels(t.view()),
            x_test: &x_test,
            t_test: Targets::Labels(t_test.view()),
        };
        let config =
            TrainerConfig { epochs: 15, mini_batch_size: 32, final_test: true, ..Default::default() };
        let mut seen = Vec::new();
        let history = Trainer::new(config, Adam::new(0.01))
            .on_iteration(|it| seen.push(it.iteration))
            .train(&mut small_net(3), data)
            .unwrap();
        assert_eq!(history.iter_per_epoch, 10, "⌈300 / 32⌉");
        assert_eq!(history.train_loss_list.len(), 150);
        assert_eq!(seen, (0..150).collect::<Vec<_>>());
        assert_eq!(history.train_acc_list.len(), 16, "epoch 0 and each of 15 epochs");
        assert!(history.train_acc_list[0] < 0.7, "{:?}", history.train_acc_list);
        assert!(*history.test_acc_list.last().unwrap() > 0.95, "{:?}", history.test_acc_list);
        assert_eq!(history.final_test_acc, history.test_acc_list.last().copied());
        let first = history.train_loss_list[..10].iter().sum::<f64>();
        let last = history.train_loss_list[140..].iter().sum::<f64>();
        assert!(last < 0.3 * first, "loss falls: {first} → {last}");
    }

    #[test]
    fn trainer_runs_are_reproducible_from_the_seed_for_both_samplings() {
        let (x, t) = blobs(90, 4);
        let data = TrainData {
            x_train: &x,
            t_train: Targets::Labels(t.view()),
            x_test: &x,
            t_test: Targets::Labels(t.view()),
        };
        for sampling in [Sampling::Shuffle, Sampling::WithReplacement] {
            let run = |seed| {
                let config =
                    TrainerConfig { epochs: 2, mini_batch_size: 20, sampling, seed, ..Default::default() };
                Trainer::new(config, Sgd::new(0.1)).train(&mut small_net(5), data).unwrap()
            };
            assert_eq!(run(7), run(7));
            assert_ne!(run(7).train_loss_list, run(8).train_loss_list);
        }
    }

    #[test]
    fn trainer_stops_with_a_typed_error_when_the_loss_becomes_nan() {
        let (x, t) = blobs(60, 6);
        let data = TrainData {
            x_train: &x,
            t_train: Targets::Labels(t.view()),
            x_test: &x,
            t_test: Targets::Labels(t.view()),
        };
        let config = TrainerConfig { epochs: 50, mini_batch_size: 10, ..Default::default() };
        let err = Trainer::new(config, Sgd::new(1e30)).train(&mut small_net(7), data).unwrap_err();
        let TrainError::Diverged { loss, .. } = err else { panic!("expected divergence, got {err}") };
        assert!(!loss.is_finite());
        assert!(err.to_string().contains("learning rate"), "{err}");
    }

    #[test]
    fn trainer_refuses_mismatched_or_empty_data() {
        let (x, t) = blobs(30, 8);
        let short = t.slice(ndarray::s![..20]).to_owned();
        let data = TrainData {
            x_train: &x,
            t_train: Targets::Labels(short.view()),
            x_test: &x,
            t_test: Targets::Labels(t.view()),
        };
        let err =
            Trainer::new(TrainerConfig::default(), Sgd::new(0.1)).train(&mut small_net(1), data).unwrap_err();
        assert_eq!(err, TrainError::Mismatch { what: "training data", inputs: 30, targets: 20 });
    }

    #[test]
    fn trainer_reaches_the_books_accuracy_on_a_short_real_mnist_run() {
        let mnist = crate::data::mnist_for_tests::<f32>(Default::default());
        let (x_train, t_train) = head(&mnist.x_train, mnist.t_train.view(), Some(5000));
        let data = TrainData {
            x_train: &x_train,
            t_train: t_train.view(),
            x_test: &mnist.x_test,
            t_test: mnist.t_test.view(),
        };
        let config = TrainerConfig {
            epochs: 3,
            mini_batch_size: 100,
            evaluate_sample_num_per_epoch: Some(1000),
            final_test: true,
            ..Default::default()
        };
        let mut net = MultiLayerNet::<f32>::new(&MultiLayerNetConfig::default(), &mut seeded(1)).unwrap();
        let history = Trainer::new(config, Adam::new(0.001)).train(&mut net, data).unwrap();
        assert_eq!(history.train_acc_list.len(), 4);
        let final_acc = history.final_test_acc.unwrap();
        assert!(final_acc > 0.88, "test accuracy after 3 epochs on 5000 images: {final_acc}");
    }
}
