//! Arrays printed the way NumPy prints them, so that every line this chapter prints can be
//! compared with the book's, digit for digit.
//!
//! NumPy's rules (its default `precision=8`): at most 8 digits after the point, trailing
//! zeros dropped, all numbers padded to one width; scientific notation when the numbers
//! span more than a factor 1000 or one of them is below 1e-4.

use ndarray::{ArrayView1, ArrayView2};

/// A shape as a Python tuple: `(2, 3)`, `(2,)`.
pub fn shape(dims: &[usize]) -> String {
    match dims {
        [n] => format!("({n},)"),
        _ => format!("({})", dims.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ")),
    }
}

/// A vector as `print(a)` shows it: `[0.31682708 0.69627909]`.
pub fn vector(a: ArrayView1<'_, f64>) -> String {
    let cells = cells(a.iter().copied());
    format!("[{}]", cells.join(" "))
}

/// A matrix as `print(A)` shows it: `[[19. 22.]` / ` [43. 50.]]`.
pub fn matrix(a: ArrayView2<'_, f64>) -> String {
    let cells = cells(a.iter().copied());
    let rows: Vec<String> =
        cells.chunks(a.ncols().max(1)).map(|row| format!("[{}]", row.join(" "))).collect();
    format!("[{}]", rows.join("\n "))
}

/// One number as NumPy prints a float scalar: `74.1221542101633`, `1.0`.
pub fn scalar(x: f64) -> String {
    // NumPy prints scalars with the shortest digits that read back as the same number.
    let s = format!("{x}");
    if s.contains(['.', 'e', 'N', 'i']) { s } else { format!("{s}.0") }
}

/// Every number formatted, padded to one width.
fn cells(values: impl Iterator<Item = f64>) -> Vec<String> {
    let values: Vec<f64> = values.collect();
    let nonzero = values.iter().filter(|v| v.is_finite() && **v != 0.0).map(|v| v.abs());
    let (min, max) = nonzero.fold((f64::INFINITY, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let scientific = max > 0.0 && (max >= 1e8 || min < 1e-4 || max / min > 1e3);
    let strings: Vec<String> = if scientific { scientific_cells(&values) } else { positional_cells(&values) };
    let width = strings.iter().map(|s| s.len()).max().unwrap_or(0);
    strings.into_iter().map(|s| format!("{s:>width$}")).collect()
}

/// Fixed-point: each number with up to 8 decimals, trailing zeros dropped (`1.`, `0.5`),
/// the points aligned.
fn positional_cells(values: &[f64]) -> Vec<String> {
    let trimmed: Vec<String> = values
        .iter()
        .map(|v| {
            if !v.is_finite() {
                return non_finite(*v);
            }
            let s = format!("{v:.8}");
            s.trim_end_matches('0').to_string()
        })
        .collect();
    let frac = |s: &str| s.split_once('.').map_or(0, |(_, f)| f.len());
    let int = |s: &str| s.split_once('.').map_or(s.len(), |(i, _)| i.len());
    let pad_left = trimmed.iter().map(|s| int(s)).max().unwrap_or(0);
    let pad_right = trimmed.iter().filter(|s| s.contains('.')).map(|s| frac(s)).max().unwrap_or(0);
    trimmed
        .into_iter()
        .map(|s| {
            if s.contains('.') {
                let (i, f) = s.split_once('.').expect("has a point");
                format!("{i:>pad_left$}.{f:<pad_right$}")
            } else {
                s
            }
        })
        .collect()
}

/// Scientific: one mantissa precision for all (the most any number needs, up to 8),
/// exponents with a sign and at least two digits (`9.99954600e-01`).
fn scientific_cells(values: &[f64]) -> Vec<String> {
    let digits_needed = |v: f64| {
        let s = format!("{v:.8e}");
        let mantissa = s.split('e').next().expect("has a mantissa");
        mantissa.trim_end_matches('0').split_once('.').map_or(0, |(_, f)| f.len())
    };
    let precision = values.iter().filter(|v| v.is_finite()).map(|v| digits_needed(*v)).max().unwrap_or(0);
    values
        .iter()
        .map(|&v| {
            if !v.is_finite() {
                return non_finite(v);
            }
            let s = format!("{v:.precision$e}");
            let (mantissa, exp) = s.split_once('e').expect("has an exponent");
            let exp: i32 = exp.parse().expect("an integer exponent");
            let mantissa = if precision == 0 { format!("{mantissa}.") } else { mantissa.to_string() };
            format!("{mantissa}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs())
        })
        .collect()
}

fn non_finite(v: f64) -> String {
    if v.is_nan() {
        "nan".into()
    } else if v > 0.0 {
        "inf".into()
    } else {
        "-inf".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{arr1, arr2};

    #[test]
    fn vectors_print_as_numpy_prints_them() {
        assert_eq!(
            vector(arr1(&[0.31682707641102975, 0.6962790898619668]).view()),
            "[0.31682708 0.69627909]"
        );
        assert_eq!(vector(arr1(&[0.1 + 0.2, 0.7, 1.1]).view()), "[0.3 0.7 1.1]");
        assert_eq!(vector(arr1(&[1.0, 0.5, 1.0 / 3.0]).view()), "[1.         0.5        0.33333333]");
        assert_eq!(
            vector(arr1(&[1.34985881, 18.17414537, 54.59815003]).view()),
            "[ 1.34985881 18.17414537 54.59815003]"
        );
        assert_eq!(vector(arr1(&[0.0, -10.0, -20.0]).view()), "[  0. -10. -20.]");
        assert_eq!(vector(arr1(&[f64::NAN; 3]).view()), "[nan nan nan]");
        assert_eq!(
            vector(arr1(&[9.99954600e-01, 4.53978686e-05, 2.06106005e-09]).view()),
            "[9.99954600e-01 4.53978686e-05 2.06106005e-09]"
        );
    }

    #[test]
    fn matrices_and_shapes_print_as_numpy_prints_them() {
        assert_eq!(matrix(arr2(&[[19.0, 22.0], [43.0, 50.0]]).view()), "[[19. 22.]\n [43. 50.]]");
        assert_eq!(shape(&[2, 3]), "(2, 3)");
        assert_eq!(shape(&[2]), "(2,)");
        assert_eq!(scalar(1.0), "1.0");
        assert_eq!(scalar(74.1221542101633), "74.1221542101633");
    }
}
