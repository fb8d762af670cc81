//! A grid of small images, each with a caption under it: MNIST digits with their predicted
//! labels, the filters of a convolution, its feature maps.
//!
//! Each image becomes one PNG, embedded in the SVG as a `data:` URI and enlarged by a whole
//! number of screen pixels per image pixel (nearest neighbour, so pixels stay sharp in every
//! viewer). That keeps the file small: a 28×28 digit costs about a kilobyte, where drawing
//! it as 784 rectangles would cost some fifty.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use super::PlotError;
use crate::files::write_atomically;

/// How values become colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Colormap {
    /// Low values black, high values white (as `imshow(cmap='gray')`).
    Grey,
    /// Low values white, high values black: ink on paper, the natural look for digits
    /// (as `imshow(cmap='gray_r')`).
    #[default]
    GreyInverted,
    /// For signed data such as weights: negative blue, zero white, positive red, with the
    /// colour scale symmetric around 0.
    Diverging,
}

/// Which values map to the two ends of the colour scale.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Scale {
    /// Each image stretched over the whole scale on its own (min → one end, max → the other;
    /// for [`Colormap::Diverging`], ±max|v| of that image).
    #[default]
    PerImage,
    /// One scale for all images, from the smallest and largest value in any of them, so
    /// images can be compared with each other.
    Shared,
    /// A fixed range (lo, hi), e.g. (0, 1) for normalised pixels; values outside are clipped.
    /// [`Colormap::Diverging`] uses ±max(|lo|, |hi|).
    Fixed(f64, f64),
}

/// One image of an [`ImageGrid`]: `height × width` values in row-major order, and a caption.
#[derive(Debug, Clone)]
pub struct GridImage {
    /// The values, row by row (`height · width` of them).
    pub pixels: Vec<f64>,
    /// Text under the image; `\n` starts another line.
    pub caption: String,
    /// Caption drawn in the warning colour (a misclassified digit, say).
    pub highlight: bool,
}

impl GridImage {
    /// An image with its caption.
    pub fn new(pixels: impl IntoIterator<Item = f64>, caption: impl Into<String>) -> Self {
        GridImage { pixels: pixels.into_iter().collect(), caption: caption.into(), highlight: false }
    }

    /// Draw the caption in the warning colour.
    pub fn highlighted(mut self, yes: bool) -> Self {
        self.highlight = yes;
        self
    }
}

/// A grid of same-sized images with captions, `columns` to a row.
#[derive(Debug, Clone)]
pub struct ImageGrid {
    /// Title above the grid (may be empty).
    pub title: String,
    /// Rows of each image.
    pub height: usize,
    /// Columns of each image.
    pub width: usize,
    /// The images, drawn left to right, top to bottom.
    pub images: Vec<GridImage>,
    /// Images per row of the grid.
    pub columns: usize,
    /// How values become colours.
    pub colormap: Colormap,
    /// Which values the ends of the colour scale stand for.
    pub scale: Scale,
    /// Screen pixels per image pixel; `None` picks one that makes each image about 84 px wide.
    pub pixel_size: Option<u32>,
}

impl ImageGrid {
    /// An empty grid for images of `height × width`, ten to a row, grey on white.
    pub fn new(height: usize, width: usize) -> Self {
        ImageGrid {
            title: String::new(),
            height,
            width,
            images: Vec::new(),
            columns: 10,
            colormap: Colormap::default(),
            scale: Scale::default(),
            pixel_size: None,
        }
    }
}

const GAP: u32 = 10; // between images, and around the grid
const CAPTION_FONT: u32 = 13; // px
const CAPTION_LINE: u32 = 16; // height of one caption line
const TITLE_FONT: u32 = 16; // px
const TITLE_HEIGHT: u32 = 30;
const CAPTION_COLOR: &str = "#000000";
const HIGHLIGHT_COLOR: &str = "#d55e00"; // vermillion, from the palette

/// Draws an [`ImageGrid`] to an SVG file.
pub fn image_grid(path: &Path, grid: &ImageGrid) -> Result<(), PlotError> {
    let svg = render(grid).map_err(|reason| PlotError::Draw { path: path.display().to_string(), reason })?;
    write_atomically(path, |out| out.write_all(svg.as_bytes()))
        .map_err(|source| PlotError::Write { path: path.display().to_string(), source })
}

/// The SVG text of a grid.
fn render(grid: &ImageGrid) -> Result<String, String> {
    let (h, w) = (grid.height, grid.width);
    if h == 0 || w == 0 {
        return Err(format!("images must have a size, got {h}×{w}"));
    }
    if let Some((i, img)) = grid.images.iter().enumerate().find(|(_, img)| img.pixels.len() != h * w) {
        return Err(format!("image {i} has {} values, expected {h}×{w} = {}", img.pixels.len(), h * w));
    }
    let px = grid.pixel_size.unwrap_or_else(|| (84 / w.max(h) as u32).max(1));
    let columns = grid.columns.max(1).min(grid.images.len().max(1));
    let rows = grid.images.len().div_ceil(columns);
    let caption_lines = grid.images.iter().map(|img| img.caption.lines().count()).max().unwrap_or(0) as u32;
    let (img_w, img_h) = (w as u32 * px, h as u32 * px);
    let cell_w = img_w.max(48).max(longest_caption(grid) * CAPTION_FONT * 6 / 10); // ≈0.6 em a letter
    let cell_h = img_h + 4 + caption_lines * CAPTION_LINE;
    let top = if grid.title.is_empty() { GAP } else { TITLE_HEIGHT + GAP / 2 };
    let width = GAP + columns as u32 * (cell_w + GAP);
    let height = top + rows as u32 * (cell_h + GAP);

    let shared = shared_range(grid);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>
"##
    );
    if !grid.title.is_empty() {
        let _ = writeln!(
            svg,
            r#"<text x="{}" y="21" font-family="sans-serif" font-size="{TITLE_FONT}" text-anchor="middle" fill="{CAPTION_COLOR}">{}</text>"#,
            width / 2,
            escape(&grid.title)
        );
    }
    for (i, img) in grid.images.iter().enumerate() {
        let (row, col) = ((i / columns) as u32, (i % columns) as u32);
        let cell_x = GAP + col * (cell_w + GAP);
        let x = cell_x + (cell_w - img_w) / 2;
        let y = top + row * (cell_h + GAP);
        let (lo, hi) = range_for(img, grid.scale, shared);
        let png = encode_png(&colours(img, grid.colormap, lo, hi), w, h, grid.colormap.channels(), px);
        let _ = writeln!(
            svg,
            r#"<image x="{x}" y="{y}" width="{img_w}" height="{img_h}" style="image-rendering:pixelated" xlink:href="data:image/png;base64,{}"/>"#,
            base64(&png)
        );
        let _ = writeln!(
            svg,
            r##"<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#b4b4b4" stroke-width="1"/>"##,
            x as f64 - 0.5,
            y as f64 - 0.5,
            img_w + 1,
            img_h + 1
        );
        let fill = if img.highlight { HIGHLIGHT_COLOR } else { CAPTION_COLOR };
        for (k, line) in img.caption.lines().enumerate() {
            let _ = writeln!(
                svg,
                r#"<text x="{}" y="{}" font-family="sans-serif" font-size="{CAPTION_FONT}" text-anchor="middle" fill="{fill}">{}</text>"#,
                cell_x + cell_w / 2,
                y + img_h + 4 + (k as u32 + 1) * CAPTION_LINE - 3,
                escape(line)
            );
        }
    }
    svg.push_str("</svg>\n");
    Ok(svg)
}

/// The characters of the longest caption line (to size the cells).
fn longest_caption(grid: &ImageGrid) -> u32 {
    let longest = grid.images.iter().flat_map(|img| img.caption.lines()).map(|l| l.chars().count());
    longest.max().unwrap_or(0) as u32
}

impl Colormap {
    /// Bytes per pixel of the PNG: grey (1) or RGB (3).
    fn channels(self) -> usize {
        match self {
            Colormap::Grey | Colormap::GreyInverted => 1,
            Colormap::Diverging => 3,
        }
    }
}

/// (min, max) over all finite values of all images.
fn shared_range(grid: &ImageGrid) -> (f64, f64) {
    min_max(grid.images.iter().flat_map(|img| img.pixels.iter().copied()))
}

fn min_max(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)))
}

/// The values that map to the ends of the scale for one image.
fn range_for(img: &GridImage, scale: Scale, shared: (f64, f64)) -> (f64, f64) {
    match scale {
        Scale::PerImage => min_max(img.pixels.iter().copied()),
        Scale::Shared => shared,
        Scale::Fixed(lo, hi) => (lo, hi),
    }
}

/// The image's pixels as grey levels or RGB triples, row by row.
fn colours(img: &GridImage, colormap: Colormap, lo: f64, hi: f64) -> Vec<u8> {
    let level = |t: f64| (t.clamp(0.0, 1.0) * 255.0).round() as u8;
    match colormap {
        Colormap::Grey | Colormap::GreyInverted => img
            .pixels
            .iter()
            .map(|&v| {
                let t = if hi > lo && v.is_finite() { (v - lo) / (hi - lo) } else { 0.0 };
                if colormap == Colormap::Grey { level(t) } else { 255 - level(t) }
            })
            .collect(),
        Colormap::Diverging => {
            // t in [−1, 1]: white at 0, blending to blue (−1) or red (+1).
            let m = lo.abs().max(hi.abs());
            const BLUE: [f64; 3] = [33.0, 102.0, 172.0];
            const RED: [f64; 3] = [178.0, 24.0, 43.0];
            img.pixels
                .iter()
                .flat_map(|&v| {
                    let t = if m > 0.0 && v.is_finite() { (v / m).clamp(-1.0, 1.0) } else { 0.0 };
                    let end = if t < 0.0 { BLUE } else { RED };
                    end.map(|c| (255.0 + (c - 255.0) * t.abs()).round() as u8)
                })
                .collect()
        }
    }
}

/// A PNG of `w × h` pixels (`channels` bytes each), every pixel enlarged to `px × px`.
///
/// The enlarged rows are filtered as PNG allows (the first copy of a row by "Sub", the
/// repeats by "Up"), so the repeats are runs of zeros and cost almost nothing compressed.
fn encode_png(pixels: &[u8], w: usize, h: usize, channels: usize, px: u32) -> Vec<u8> {
    let px = px as usize;
    let (out_w, out_h) = (w * px, h * px);
    let row_bytes = out_w * channels;
    let mut raw = Vec::with_capacity(out_h * (row_bytes + 1));
    for r in 0..h {
        let src = &pixels[r * w * channels..(r + 1) * w * channels];
        let wide: Vec<u8> =
            src.chunks(channels).flat_map(|p| std::iter::repeat_n(p, px).flatten()).copied().collect();
        raw.push(1); // Sub: each byte minus the byte one pixel to the left
        raw.extend(
            (0..row_bytes).map(|i| wide[i].wrapping_sub(if i >= channels { wide[i - channels] } else { 0 })),
        );
        for _ in 1..px {
            raw.push(2); // Up: each byte minus the byte above (the same row: all zeros)
            raw.extend(std::iter::repeat_n(0u8, row_bytes));
        }
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(&raw).expect("writing to memory cannot fail");
    let idat = z.finish().expect("writing to memory cannot fail");

    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend((out_w as u32).to_be_bytes());
    ihdr.extend((out_h as u32).to_be_bytes());
    let color_type = if channels == 1 { 0 } else { 2 }; // grey or RGB
    ihdr.extend([8, color_type, 0, 0, 0]); // 8 bits, deflate, adaptive filters, no interlace

    let mut png = vec![0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];
    for (kind, data) in [(b"IHDR", &ihdr[..]), (b"IDAT", &idat[..]), (b"IEND", &[][..])] {
        png.extend((data.len() as u32).to_be_bytes());
        png.extend(kind);
        png.extend(data);
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        png.extend(crc.sum().to_be_bytes());
    }
    png
}

/// Standard base64 (RFC 4648, with padding).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = u32::from_be_bytes([0, b[0], b[1], b[2]]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Text made safe inside an SVG element.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn base64_matches_the_rfc_examples() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn png_has_valid_chunks_and_decompresses_to_the_enlarged_pixels() {
        let png = encode_png(&[0, 255, 128, 7], 2, 2, 1, 3);
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        // IHDR: length 13, then 6×6 pixels, 8-bit grey.
        assert_eq!(&png[8..16], b"\0\0\0\x0dIHDR");
        assert_eq!(&png[16..24], &[0, 0, 0, 6, 0, 0, 0, 6]);
        let mut crc = flate2::Crc::new();
        crc.update(&png[12..29]);
        assert_eq!(crc.sum().to_be_bytes(), png[29..33]);
        let idat_len = u32::from_be_bytes(png[33..37].try_into().unwrap()) as usize;
        assert_eq!(&png[37..41], b"IDAT");
        let mut raw = Vec::new();
        flate2::read::ZlibDecoder::new(&png[41..41 + idat_len]).read_to_end(&mut raw).unwrap();
        // Undo the filters: 6 rows of a filter byte and 6 pixels.
        let mut rows: Vec<Vec<u8>> = Vec::new();
        for line in raw.chunks(7) {
            let mut row = line[1..].to_vec();
            match line[0] {
                1 => (1..6).for_each(|i| row[i] = row[i].wrapping_add(row[i - 1])),
                2 => (0..6).for_each(|i| row[i] = row[i].wrapping_add(rows.last().unwrap()[i])),
                f => panic!("unexpected filter {f}"),
            }
            rows.push(row);
        }
        assert_eq!(rows[0], [0, 0, 0, 255, 255, 255]);
        assert_eq!(rows[2], rows[0]);
        assert_eq!(rows[5], [128, 128, 128, 7, 7, 7]);
        assert!(png.ends_with(&[0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xae, 0x42, 0x60, 0x82]));
    }

    #[test]
    fn colormaps_map_the_ends_of_the_scale() {
        let img = GridImage::new([-2.0, 0.0, 1.0], "");
        assert_eq!(colours(&img, Colormap::Grey, -2.0, 1.0), [0, 170, 255]);
        assert_eq!(colours(&img, Colormap::GreyInverted, -2.0, 1.0), [255, 85, 0]);
        assert_eq!(
            colours(&img, Colormap::Diverging, -2.0, 1.0),
            [33, 102, 172, 255, 255, 255, 217, 140, 149]
        );
    }

    #[test]
    fn a_grid_of_a_hundred_digits_is_small_and_has_every_caption() {
        let digit =
            |k: usize| (0..784).map(move |i| if (i / 28 + k) % 7 < 2 { (i % 28) as f64 / 27.0 } else { 0.0 });
        let mut grid = ImageGrid::new(28, 28);
        grid.title = "digits <test>".into();
        grid.images =
            (0..100).map(|k| GridImage::new(digit(k), format!("{}\n(true {})", k % 10, k % 7))).collect();
        let svg = render(&grid).unwrap();
        assert_eq!(svg.matches("<image ").count(), 100);
        assert!(
            svg.contains(">9</text>") && svg.contains(">(true 6)</text>") && svg.contains("&lt;test&gt;")
        );
        assert!(svg.len() < 300_000, "{} bytes", svg.len());
    }

    #[test]
    fn an_image_of_the_wrong_size_is_an_error() {
        let mut grid = ImageGrid::new(5, 5);
        grid.images.push(GridImage::new([0.0; 24], "w"));
        assert!(render(&grid).unwrap_err().contains("24 values"));
    }
}
