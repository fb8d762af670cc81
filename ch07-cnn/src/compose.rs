//! Putting several image grids (and a few words) on one figure.
//!
//! [`common::plot::image_grid`] draws one grid of same-sized images. The figures of this
//! chapter put images of different sizes side by side (a 5×5 filter above its 24×24 feature
//! map; the filters before and after training), so each grid is drawn on its own and then
//! placed, whole, on a larger SVG canvas.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use common::files::write_atomically;
use common::plot::{ImageGrid, PlotError, image_grid};

/// One drawn grid, ready to be placed: its SVG content and its size in pixels.
#[derive(Debug, Clone)]
pub struct Piece {
    body: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// Draws `grid` (through a temporary file, which is removed) and keeps its content.
pub fn grid_piece(grid: &ImageGrid) -> Result<Piece, PlotError> {
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("dlfs-ch07-compose-{}-{n}", std::process::id()));
    let path = dir.join("piece.svg");
    let drawn = image_grid(&path, grid).and_then(|_| {
        std::fs::read_to_string(&path)
            .map_err(|source| PlotError::Write { path: path.display().to_string(), source })
    });
    let _ = std::fs::remove_dir_all(&dir);
    parse_piece(&drawn?).ok_or_else(|| PlotError::Draw {
        path: path.display().to_string(),
        reason: "the image grid's SVG has no size".into(),
    })
}

/// The size and inner content of an `<svg width=… height=…>…</svg>` document.
fn parse_piece(svg: &str) -> Option<Piece> {
    let open_end = svg.find('>')?;
    let header = &svg[..open_end];
    let attr = |name: &str| -> Option<u32> {
        let start = header.find(&format!(" {name}=\""))? + name.len() + 3;
        header[start..].split('"').next()?.parse().ok()
    };
    let close = svg.rfind("</svg>")?;
    // Without its white background, so that it covers nothing placed before it.
    let body = svg[open_end + 1..close].replacen(
        r##"<rect x="0" y="0""##,
        r##"<rect fill-opacity="0" x="0" y="0""##,
        1,
    );
    Some(Piece { body, width: attr("width")?, height: attr("height")? })
}

/// A white canvas to place pieces and text on.
#[derive(Debug, Clone)]
pub struct Canvas {
    width: u32,
    height: u32,
    content: String,
}

/// Where a line of text is anchored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl Canvas {
    /// An empty canvas of `width × height` pixels.
    pub fn new(width: u32, height: u32) -> Self {
        Canvas { width, height, content: String::new() }
    }

    /// Places `piece` with its top-left corner at (x, y).
    pub fn place(&mut self, piece: &Piece, x: f64, y: f64) {
        let _ = writeln!(self.content, r#"<g transform="translate({x},{y})">{}</g>"#, piece.body);
    }

    /// A line of text with its baseline at (x, y).
    pub fn text(&mut self, x: f64, y: f64, size: u32, anchor: Anchor, text: &str) {
        let anchor = match anchor {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        };
        let text = text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        let _ = writeln!(
            self.content,
            r##"<text x="{x}" y="{y}" font-family="sans-serif" font-size="{size}" text-anchor="{anchor}" fill="#000000">{text}</text>"##
        );
    }

    /// Any SVG element, as text.
    pub fn raw(&mut self, element: &str) {
        self.content.push_str(element);
        self.content.push('\n');
    }

    /// Writes the canvas to `path` as SVG (atomically).
    pub fn save(&self, path: &Path) -> Result<(), PlotError> {
        let (w, h) = (self.width, self.height);
        let svg = format!(
            r##"<svg width="{w}" height="{h}" viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
<rect x="0" y="0" width="{w}" height="{h}" fill="#ffffff"/>
{}</svg>
"##,
            self.content
        );
        write_atomically(path, |out| out.write_all(svg.as_bytes()))
            .map_err(|source| PlotError::Write { path: path.display().to_string(), source })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::plot::GridImage;

    #[test]
    fn a_grid_piece_keeps_its_size_and_images_and_lands_on_the_canvas() {
        let mut grid = ImageGrid::new(5, 5);
        grid.images =
            (0..3).map(|k| GridImage::new((0..25).map(|i| (i * k) as f64), format!("f{k}"))).collect();
        let piece = grid_piece(&grid).unwrap();
        assert!(piece.width > 3 * 50 && piece.height > 50, "{}×{}", piece.width, piece.height);
        assert_eq!(piece.body.matches("<image ").count(), 3);
        let mut canvas = Canvas::new(400, 200);
        canvas.place(&piece, 10.0, 20.0);
        canvas.text(5.0, 15.0, 12, Anchor::Start, "a < b");
        let path = std::env::temp_dir().join(format!("dlfs-ch07-canvas-{}.svg", std::process::id()));
        canvas.save(&path).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert!(svg.contains(r#"translate(10,20)"#) && svg.contains("a &lt; b") && svg.ends_with("</svg>\n"));
        assert_eq!(svg.matches("<svg").count(), 1);
    }
}
