//! What a classifier should have output for each example of a batch.

use ndarray::{Array1, ArrayView1, ArrayView2, Axis};

use crate::Float;
use crate::functions::argmax_rows;

/// The "supervision data" t of a batch: either class labels (t = [2, 7, …]) or one-hot rows
/// (t = [[0, 0, 1, 0, …], …]), as the book's `load_mnist(one_hot_label=…)` gives them.
#[derive(Debug, Clone, Copy)]
pub enum Targets<'a, F> {
    /// One class index per example.
    Labels(ArrayView1<'a, usize>),
    /// One row per example, 1 at the correct class and 0 elsewhere.
    OneHot(ArrayView2<'a, F>),
}

impl<'a, F: Float> Targets<'a, F> {
    /// How many examples.
    pub fn len(&self) -> usize {
        match self {
            Targets::Labels(t) => t.len(),
            Targets::OneHot(t) => t.nrows(),
        }
    }

    /// True if there are no examples.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The class index of each example (the argmax of a one-hot row).
    pub fn labels(&self) -> Array1<usize> {
        match self {
            Targets::Labels(t) => t.to_owned(),
            Targets::OneHot(t) => argmax_rows(t),
        }
    }

    /// The examples at `indices`, in that order, as owned targets.
    pub fn select(&self, indices: &[usize]) -> OwnedTargets<F> {
        match self {
            Targets::Labels(t) => OwnedTargets::Labels(t.select(Axis(0), indices)),
            Targets::OneHot(t) => OwnedTargets::OneHot(t.select(Axis(0), indices)),
        }
    }
}

/// [`Targets`] that own their data (a mini-batch picked out of a dataset).
#[derive(Debug, Clone)]
pub enum OwnedTargets<F> {
    /// One class index per example.
    Labels(Array1<usize>),
    /// One-hot rows.
    OneHot(ndarray::Array2<F>),
}

impl<F: Float> OwnedTargets<F> {
    /// Borrow as [`Targets`].
    pub fn view(&self) -> Targets<'_, F> {
        match self {
            OwnedTargets::Labels(t) => Targets::Labels(t.view()),
            OwnedTargets::OneHot(t) => Targets::OneHot(t.view()),
        }
    }
}
