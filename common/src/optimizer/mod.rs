//! Optimizers: the rules that turn gradients into parameter updates.
//!
//! One file a rule: [`Sgd`], [`Momentum`], [`Nesterov`], [`AdaGrad`], [`RmsProp`], [`Adam`].
//! Each keeps its state (velocities, squared-gradient sums, …) in a map keyed by the
//! parameter's name, as the book keeps `self.v[key]`. The state is created, zero-filled, the
//! first time a name is seen; from then on an update allocates nothing: every rule is one
//! pass over the elements, in place.

use std::collections::HashMap;

use ndarray::ArrayD;

use crate::Float;
use crate::layers::Param;

mod adagrad;
mod adam;
mod momentum;
mod nesterov;
mod rmsprop;
mod sgd;

pub use adagrad::AdaGrad;
pub use adam::Adam;
pub use momentum::Momentum;
pub use nesterov::Nesterov;
pub use rmsprop::RmsProp;
pub use sgd::Sgd;

/// Added to √h before dividing (AdaGrad, RMSprop, Adam), so a parameter that has never had a
/// gradient does not divide by zero (the book's 1e-7).
pub const EPS: f64 = 1e-7;

// ANCHOR: optimizer_trait
/// An update rule: given each parameter and its gradient, move the parameter.
pub trait Optimizer<F: Float> {
    /// Updates every parameter in place, from the gradients beside them.
    fn update(&mut self, params: Vec<Param<'_, F>>);
}
// ANCHOR_END: optimizer_trait

/// A boxed optimizer is an optimizer, so `Box<dyn Optimizer<F>>` can be passed wherever a
/// concrete one can (a trainer that picks its rule from the command line, for example).
impl<F: Float, O: Optimizer<F> + ?Sized> Optimizer<F> for Box<O> {
    fn update(&mut self, params: Vec<Param<'_, F>>) {
        (**self).update(params)
    }
}

/// The per-parameter state of an optimizer: one array per parameter name, shaped like it.
pub type State<F> = HashMap<String, ArrayD<F>>;

/// The state array for `param` (zeros the first time the name is seen, or if the parameter
/// changed shape). The lookup by `&str` allocates nothing once the entry exists.
pub(crate) fn state_for<'s, F: Float>(state: &'s mut State<F>, param: &Param<'_, F>) -> &'s mut ArrayD<F> {
    if state.get(param.name.as_str()).is_none_or(|s| s.shape() != param.value.shape()) {
        state.insert(param.name.clone(), ArrayD::zeros(param.value.raw_dim()));
    }
    state.get_mut(param.name.as_str()).expect("inserted above")
}

/// The names the optimizers answer to on the command line and in the book's Trainer
/// (`optimizer='sgd'`), with their default settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum OptimizerKind {
    /// [`Sgd`].
    Sgd,
    /// [`Momentum`].
    Momentum,
    /// [`Nesterov`].
    Nesterov,
    /// [`AdaGrad`].
    #[cfg_attr(feature = "cli", value(name = "adagrad"))]
    AdaGrad,
    /// [`RmsProp`].
    #[cfg_attr(feature = "cli", value(name = "rmsprop"))]
    RmsProp,
    /// [`Adam`].
    Adam,
}

impl OptimizerKind {
    /// All six, in the book's order.
    pub const ALL: [OptimizerKind; 6] = [
        OptimizerKind::Sgd,
        OptimizerKind::Momentum,
        OptimizerKind::Nesterov,
        OptimizerKind::AdaGrad,
        OptimizerKind::RmsProp,
        OptimizerKind::Adam,
    ];

    /// The name the book prints ("SGD", "Momentum", …).
    pub fn name(self) -> &'static str {
        match self {
            OptimizerKind::Sgd => "SGD",
            OptimizerKind::Momentum => "Momentum",
            OptimizerKind::Nesterov => "Nesterov",
            OptimizerKind::AdaGrad => "AdaGrad",
            OptimizerKind::RmsProp => "RMSprop",
            OptimizerKind::Adam => "Adam",
        }
    }

    /// The book's default learning rate for this rule (0.01, or 0.001 for Adam).
    pub fn default_lr(self) -> f64 {
        match self {
            OptimizerKind::Adam => 0.001,
            _ => 0.01,
        }
    }

    /// The rule with learning rate `lr` and the book's defaults for everything else.
    pub fn build<F: Float>(self, lr: f64) -> Box<dyn Optimizer<F> + Send> {
        let lr = F::lit(lr);
        match self {
            OptimizerKind::Sgd => Box::new(Sgd::new(lr)),
            OptimizerKind::Momentum => Box::new(Momentum::new(lr)),
            OptimizerKind::Nesterov => Box::new(Nesterov::new(lr)),
            OptimizerKind::AdaGrad => Box::new(AdaGrad::new(lr)),
            OptimizerKind::RmsProp => Box::new(RmsProp::new(lr)),
            OptimizerKind::Adam => Box::new(Adam::new(lr)),
        }
    }
}

impl std::fmt::Display for OptimizerKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// An optimizer name that is not one of the six.
#[derive(Debug, thiserror::Error)]
#[error("unknown optimizer '{0}': expected sgd, momentum, nesterov, adagrad, rmsprop or adam")]
pub struct UnknownOptimizer(pub String);

impl std::str::FromStr for OptimizerKind {
    type Err = UnknownOptimizer;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OptimizerKind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownOptimizer(s.to_string()))
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Two parameters and their gradients, to step an optimizer by hand.
    use super::*;
    use ndarray::arr1;

    /// Runs `steps` updates of `opt` on W = `w` with the fixed gradient `g`, returning W.
    pub fn steps<O: Optimizer<f64>>(opt: &mut O, w: &[f64], g: &[f64], steps: usize) -> Vec<f64> {
        let mut w = arr1(w).into_dyn();
        let g = arr1(g).into_dyn();
        for _ in 0..steps {
            opt.update(vec![Param::new("W", &mut w, &g)]);
        }
        w.iter().copied().collect()
    }

    /// Asserts two slices agree to 1e-12.
    pub fn assert_close(found: &[f64], expected: &[f64]) {
        assert_eq!(found.len(), expected.len());
        for (f, e) in found.iter().zip(expected) {
            assert!((f - e).abs() < 1e-12, "found {found:?}, expected {expected:?}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optimizer_names_parse_case_insensitively_and_build_with_book_defaults() {
        assert_eq!("adam".parse::<OptimizerKind>().unwrap(), OptimizerKind::Adam);
        assert_eq!("RMSprop".parse::<OptimizerKind>().unwrap(), OptimizerKind::RmsProp);
        assert!("adamw".parse::<OptimizerKind>().unwrap_err().to_string().contains("adamw"));
        assert_eq!(OptimizerKind::Adam.default_lr(), 0.001);
        let mut opt = OptimizerKind::Sgd.build::<f64>(0.5);
        let w = test_support::steps(&mut opt, &[1.0], &[1.0], 1);
        test_support::assert_close(&w, &[0.5]);
    }

    #[test]
    fn state_is_kept_per_name_and_reset_when_a_shape_changes() {
        let mut state = State::<f64>::new();
        let mut w = ArrayD::<f64>::zeros(ndarray::IxDyn(&[2]));
        let g = w.clone();
        state_for(&mut state, &Param::new("W", &mut w, &g)).fill(3.0);
        assert_eq!(state_for(&mut state, &Param::new("W", &mut w, &g))[[0]], 3.0);
        let mut w3 = ArrayD::<f64>::zeros(ndarray::IxDyn(&[3]));
        let g3 = w3.clone();
        assert_eq!(state_for(&mut state, &Param::new("W", &mut w3, &g3)).len(), 3);
        assert_eq!(state.len(), 1);
    }
}
