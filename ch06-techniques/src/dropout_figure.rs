//! Dropout drawn as the book's figure 6-22: a small network with all its units, then the
//! same network on two training steps, with the hidden units that `common`'s dropout layer
//! switched off on each (its own masks, from its seeded generator).

use common::layers::Dropout;
use common::plot::diagram::{Diagram, Font, GREY, INK, tint};

/// Units per layer of the drawn network: input, two hidden layers, output.
pub const UNITS: [usize; 4] = [4, 6, 6, 3];

/// Which hidden units are kept (true) on each of `steps` training steps: a dropout layer
/// after each hidden layer, as in `MultiLayerNetExtend`, draws one mask per step.
pub fn dropout_masks(ratio: f64, seed: u64, steps: usize) -> Vec<Vec<Vec<bool>>> {
    let hidden = &UNITS[1..UNITS.len() - 1];
    let mut layers: Vec<Dropout<f64>> =
        (0..hidden.len()).map(|l| Dropout::new(ratio, seed.wrapping_add(l as u64))).collect();
    (0..steps)
        .map(|_| {
            let mut kept = vec![vec![true; UNITS[0]]];
            for (layer, &units) in layers.iter_mut().zip(hidden) {
                kept.push(layer.draw_mask(&[1, units]).iter().copied().collect());
            }
            kept.push(vec![true; UNITS[UNITS.len() - 1]]);
            kept
        })
        .collect()
}

const PANEL_W: f64 = 236.0;
const RADIUS: f64 = 11.0;

/// One network: units as circles, a line between every two kept units of neighbouring layers,
/// dropped units crossed out.
fn network(d: &mut Diagram, left: f64, top: f64, kept: &[Vec<bool>]) {
    let (w, h) = (PANEL_W - 40.0, 210.0);
    let pos = |l: usize, i: usize| {
        let x = left + 20.0 + w * l as f64 / (UNITS.len() - 1) as f64;
        let n = UNITS[l] as f64;
        let y = top + h / 2.0 + (i as f64 - (n - 1.0) / 2.0) * 34.0;
        (x, y)
    };
    for l in 0..UNITS.len() - 1 {
        for i in 0..UNITS[l] {
            for j in 0..UNITS[l + 1] {
                if kept[l][i] && kept[l + 1][j] {
                    d.line(pos(l, i), pos(l + 1, j), "#8c8c8c", 0.8, None);
                }
            }
        }
    }
    for (l, layer) in kept.iter().enumerate() {
        for (i, &on) in layer.iter().enumerate() {
            let (x, y) = pos(l, i);
            if on {
                d.circle(x, y, RADIUS, &tint(0, 0.25), &tint(0, 1.0), 1.5);
            } else {
                d.circle(x, y, RADIUS, "#ffffff", GREY, 1.2);
                let r = RADIUS * 0.6;
                d.line((x - r, y - r), (x + r, y + r), "#d62728", 2.0, None);
                d.line((x - r, y + r), (x + r, y - r), "#d62728", 2.0, None);
            }
        }
    }
}

/// The figure: the whole network, then the network of each of two training steps.
pub fn dropout_figure(ratio: f64, seed: u64) -> Diagram {
    let masks = dropout_masks(ratio, seed, 2);
    let all: Vec<Vec<bool>> = UNITS.iter().map(|&n| vec![true; n]).collect();
    let mut d = Diagram::new(3.0 * PANEL_W, 300.0);
    let inference = format!("hidden outputs × (1 − {ratio})");
    let mask = format!("a random mask, ratio {ratio}");
    let panels = [
        ("every unit (inference)", inference.as_str(), &all),
        ("training step 1", mask.as_str(), &masks[0]),
        ("training step 2", "a new mask", &masks[1]),
    ];
    for (p, (title, note, kept)) in panels.into_iter().enumerate() {
        let left = p as f64 * PANEL_W;
        d.text(left + PANEL_W / 2.0, 20.0, Font::new(15.0).bold().middle(), title);
        d.text(left + PANEL_W / 2.0, 40.0, Font::new(13.0).middle().fill(GREY), note);
        network(&mut d, left, 50.0, kept);
        if p > 0 {
            let dropped = kept.iter().flatten().filter(|&&on| !on).count();
            let hidden: usize = UNITS[1..UNITS.len() - 1].iter().sum();
            let line = format!("{dropped} of {hidden} hidden units dropped");
            d.text(left + PANEL_W / 2.0, 290.0, Font::new(13.0).middle().fill(INK), &line);
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_masks_are_the_dropout_layers_own_and_change_from_step_to_step() {
        let masks = dropout_masks(0.5, 42, 2);
        assert_eq!(masks.len(), 2);
        for kept in &masks {
            assert_eq!(kept.iter().map(Vec::len).collect::<Vec<_>>(), UNITS);
            assert!(kept[0].iter().chain(&kept[3]).all(|&on| on), "input and output units always stay");
        }
        assert_ne!(masks[0], masks[1]);
        let mut layer = Dropout::<f64>::new(0.5, 42);
        let first: Vec<bool> = layer.draw_mask(&[1, UNITS[1]]).iter().copied().collect();
        assert_eq!(masks[0][1], first);
    }

    #[test]
    fn the_figure_is_readable_in_the_column() {
        dropout_figure(0.5, 42).check_readable().unwrap();
    }
}
