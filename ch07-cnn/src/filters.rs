//! What the first layer learned: its filters as images (the book's `visualize_filter.py`),
//! and what they do to a digit (`apply_filter.py`).

use std::path::Path;

use ndarray::{Array2, Array3, ArrayD, Axis, Ix4, s};

use common::plot::{Colormap, GridImage, ImageGrid, PlotError, Scale};
use common::{Float, Layer};

use crate::compose::{Anchor, Canvas, grid_piece};
use crate::simple_conv_net::SimpleConvNet;

// ANCHOR: filter_images
/// The filters of the first layer as grey images, one per filter (channel 0 of each):
/// W1[k, 0] is an FH × FW picture of what filter k responds to.
pub fn filter_images<F: Float>(net: &SimpleConvNet<F>) -> Vec<Array2<f64>> {
    let w = net.conv1.w.view().into_dimensionality::<Ix4>().expect("W1 is (FN, C, FH, FW)");
    w.outer_iter().map(|filter| filter.index_axis(Axis(0), 0).mapv(|v| v.to_f64_lossy())).collect()
}
// ANCHOR_END: filter_images

/// A grid of filters, `columns` to a row, numbered from 1 under each.
fn filter_grid(filters: &[Array2<f64>], title: &str, columns: usize) -> ImageGrid {
    let (h, w) = filters.first().map(|f| f.dim()).unwrap_or((1, 1));
    let mut grid = ImageGrid::new(h, w);
    grid.title = title.into();
    grid.columns = columns;
    // As the book draws them (imshow with gray_r): each filter scaled to its own range,
    // large weights dark. A digit is drawn the same way (ink dark), so a filter looks like
    // the stroke it responds to.
    grid.colormap = Colormap::GreyInverted;
    grid.scale = Scale::PerImage;
    grid.pixel_size = Some(9); // two grids of six fill the book's column
    grid.images = filters
        .iter()
        .enumerate()
        .map(|(k, f)| GridImage::new(f.iter().copied(), format!("{}", k + 1)))
        .collect();
    grid
}

/// The first layer's filters before training (random) and after, side by side.
pub fn filters_figure(
    path: &Path,
    before: &[Array2<f64>],
    after: &[Array2<f64>],
    after_label: &str,
) -> Result<(), PlotError> {
    let left = grid_piece(&filter_grid(before, "before training (random)", 6))?;
    let right = grid_piece(&filter_grid(after, after_label, 6))?;
    let gap = 30.0;
    let width = left.width as f64 + gap + right.width as f64;
    let height = left.height.max(right.height) as f64 + 46.0;
    let mut canvas = Canvas::new(width as u32, height as u32);
    canvas.text(
        width / 2.0,
        22.0,
        17,
        Anchor::Middle,
        "The 30 filters of the first layer (5×5, dark = large weight)",
    );
    canvas.place(&left, 0.0, 34.0);
    canvas.raw(&format!(
        r##"<line x1="{x}" y1="44" x2="{x}" y2="{y2}" stroke="#cccccc" stroke-width="1"/>"##,
        x = left.width as f64 + gap / 2.0,
        y2 = height - 10.0
    ));
    canvas.place(&right, left.width as f64 + gap, 34.0);
    canvas.save(path)
}

// ANCHOR: feature_maps
/// The feature maps of one image x (1, C, H, W): the first layer's convolution (with its
/// bias) followed by its ReLU, i.e. what the pooling layer receives. (FN, OH, OW).
pub fn feature_maps<F: Float>(net: &mut SimpleConvNet<F>, x: &ArrayD<F>) -> Array3<f64> {
    let out = net.conv1.forward(x, false); // (1, FN, OH, OW)
    let out = out.mapv(|v| v.max(F::zero()).to_f64_lossy()); // ReLU
    let out = out.into_dimensionality::<Ix4>().expect("the convolution's output is 4-D");
    out.slice(s![0, .., .., ..]).to_owned()
}
// ANCHOR_END: feature_maps

/// The indices of the `k` filters with the largest weights (by ‖W1[i]‖), in filter order:
/// the most pronounced patterns.
pub fn strongest_filters(filters: &[Array2<f64>], k: usize) -> Vec<usize> {
    let norm = |f: &Array2<f64>| f.iter().map(|v| v * v).sum::<f64>();
    let mut order: Vec<usize> = (0..filters.len()).collect();
    order.sort_by(|&a, &b| norm(&filters[b]).total_cmp(&norm(&filters[a])));
    order.truncate(k);
    order.sort_unstable();
    order
}

/// One digit, and for each chosen filter the filter above the feature map it makes of the
/// digit.
pub fn apply_filter_figure(
    path: &Path,
    digit: &Array2<f64>,
    caption: &str,
    filters: &[Array2<f64>],
    maps: &Array3<f64>,
    chosen: &[usize],
) -> Result<(), PlotError> {
    let single = |pixels: &Array2<f64>, caption: String, px: u32| {
        let (h, w) = pixels.dim();
        let mut grid = ImageGrid::new(h, w);
        grid.colormap = Colormap::GreyInverted;
        grid.pixel_size = Some(px);
        grid.images = vec![GridImage::new(pixels.iter().copied(), caption)];
        grid_piece(&grid)
    };
    let input = single(digit, caption.to_string(), 4)?;
    // The chosen filters in rows of at most four (two rows for the default eight), each filter
    // above its feature map, right of the digit: the figure stays in the book's column.
    let rows = chosen.len().div_ceil(4).max(1);
    let per_row = chosen.len().div_ceil(rows).max(1);
    let column_w = 104.0;
    let left = 10.0 + input.width as f64 + 30.0;
    let width = left + column_w * per_row as f64 + 10.0;
    let top = 84.0;
    let filter_row_h = 104.0;
    let block_h = filter_row_h + 116.0;
    let height = top + block_h * rows as f64;
    let mut canvas = Canvas::new(width as u32, height as u32);
    canvas.text(
        width / 2.0,
        22.0,
        17,
        Anchor::Middle,
        "A test digit through learned filters of the first layer",
    );
    let centre = left + column_w * per_row as f64 / 2.0;
    canvas.text(
        centre,
        48.0,
        13,
        Anchor::Middle,
        "each filter (5×5) above its feature map (24×24, after ReLU;",
    );
    canvas.text(centre, 66.0, 13, Anchor::Middle, "dark = large weight, strong response)");
    let digit_y = top + (block_h * rows as f64 - input.height as f64) / 2.0;
    canvas.place(&input, 10.0, digit_y);
    canvas.raw(&format!(
        r##"<path d="M {x0} {y} L {x1} {y}" stroke="#888888" stroke-width="2" marker-end="url(#arrow)"/>
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M 0 0 L 10 5 L 0 10 z" fill="#888888"/></marker></defs>"##,
        x0 = 10.0 + input.width as f64 - 4.0,
        x1 = left - 4.0,
        y = digit_y + input.height as f64 / 2.0 - 8.0
    ));
    for (i, &k) in chosen.iter().enumerate() {
        let filter = single(&filters[k], format!("filter {}", k + 1), 14)?;
        let map = single(&maps.index_axis(Axis(0), k).to_owned(), format!("map {}", k + 1), 3)?;
        let (row, col) = (i / per_row, i % per_row);
        let cx = left + column_w * (col as f64 + 0.5);
        let y = top + block_h * row as f64;
        canvas.place(&filter, cx - filter.width as f64 / 2.0, y);
        canvas.place(&map, cx - map.width as f64 / 2.0, y + filter_row_h);
    }
    canvas.save(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SimpleConvNetConfig;
    use common::rng::seeded;

    #[test]
    fn filters_and_feature_maps_have_the_layer_shapes() {
        let mut net = SimpleConvNet::<f32>::new(SimpleConvNetConfig::default(), &mut seeded(1)).unwrap();
        let filters = filter_images(&net);
        assert_eq!(filters.len(), 30);
        assert_eq!(filters[0].dim(), (5, 5));
        assert_eq!(filters[3][[1, 2]], net.conv1.w[[3, 0, 1, 2]] as f64);
        let x = common::init::gaussian::<f32>(&[1, 1, 28, 28], 1.0, &mut seeded(2));
        let maps = feature_maps(&mut net, &x);
        assert_eq!(maps.dim(), (30, 24, 24));
        assert!(maps.iter().all(|&v| v >= 0.0));
        let chosen = strongest_filters(&filters, 6);
        assert_eq!(chosen.len(), 6);
        assert!(chosen.windows(2).all(|w| w[0] < w[1]));
    }
}
