//! Beyond the book: a small network learns a 2-D toy dataset, and its decision regions.

use std::path::Path;

use anyhow::{Result, bail};

use ch04_learning::classify2d::{Classify2dConfig, Mlp2d, classes_at, learn};
use common::data::toy::{self, ToyData};
use common::plot::{ClassPoint, Fill, RegionGrid, RegionPlot, region_plots};
use common::rng::seeded;
use common::train_loop::check_better_than_chance;

use super::save;
use crate::{Classify2dArgs, Toy};

/// Learns the toy dataset `args.toy` by gradient descent, printing the loss and accuracy at
/// each snapshot, and writes the panels of decision regions into `figures`. A run whose loss
/// stops being a number, or that ends no better than chance, is an error (and writes nothing).
pub fn run(seed: u64, args: &Classify2dArgs, figures: &Path) -> Result<()> {
    let mut rng = seeded(seed);
    let (data, name): (ToyData, &str) = match args.toy {
        Toy::Spiral => (toy::spiral(100, 3, 0.2, &mut rng), "spiral"),
        Toy::Circle => (toy::circle(300, 0.05, &mut rng), "circle"),
        Toy::Xor => (toy::xor(300, 0.08, &mut rng), "xor"),
        Toy::Blobs => (toy::blobs(300, 4, 0.15, &mut rng), "blobs"),
    };
    let mut net = Mlp2d::new(args.hidden, data.classes, &mut rng);
    let mut snapshots: Vec<usize> =
        Classify2dConfig::default().snapshots.into_iter().filter(|&s| s <= args.steps).collect();
    if snapshots.last() != Some(&args.steps) {
        snapshots.push(args.steps);
    }
    let cfg = Classify2dConfig { hidden: args.hidden, steps: args.steps, learning_rate: args.lr, snapshots };
    println!(
        "Beyond the book: {name}, {} points in {} classes; network 2 → {h} → {h} → {} (ReLU), \
         gradient descent on all points, lr {}",
        data.len(),
        data.classes,
        data.classes,
        cfg.learning_rate,
        h = cfg.hidden
    );
    let (lo, hi) = (-1.25, 1.25);
    let points: Vec<ClassPoint> =
        data.x.rows().into_iter().zip(&data.labels).map(|(p, &k)| ClassPoint::new(p[0], p[1], k)).collect();
    let mut panels = Vec::new();
    let history = learn(&mut net, &data, &cfg, |snap, net| {
        println!("  step {:>5}: loss {:.4}, accuracy {:.3}", snap.step, snap.loss, snap.accuracy);
        let cells = (120, 120);
        let centers = RegionGrid::centers((lo, hi), (lo, hi), cells);
        let classes = classes_at(net, &centers);
        panels.push(RegionPlot {
            title: format!("step {} (accuracy {:.0}%)", snap.step, 100.0 * snap.accuracy),
            grid: Some(RegionGrid::new((lo, hi), (lo, hi), cells, Fill::Classes(classes))),
            points: points.clone(),
            marker_size: Some(4),
            ..Default::default()
        });
    });
    let last = history.last().expect("the last step is always a snapshot");
    if !last.loss.is_finite() {
        bail!(
            "the loss became {}: the learning rate ({}) is too large; try a smaller --lr",
            last.loss,
            cfg.learning_rate
        );
    }
    check_better_than_chance(last.accuracy, data.labels.as_slice().expect("contiguous"))?;
    // Two panels a row fill the book's column.
    let cols = 2;
    let rows = panels.len().div_ceil(cols);
    save(figures, &format!("classify2d_{name}.svg"), |p| {
        region_plots(p, (750, 370 * rows as u32), (cols, rows), &panels)
    })
}
