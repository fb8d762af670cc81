//! Named parameters and their `.npz` files.
//!
//! A network names its parameters as the book does (`W1`, `b1`, …) and lays them out as the
//! Python book does (affine `W` is (in, out), convolution `W` is (FN, C, FH, FW)), so the
//! files move both ways between this workspace and NumPy:
//! `numpy.savez('params.npz', **pickle.load(open('params.pkl', 'rb')))` on the Python side,
//! `np.load('params.npz')` on the way back.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use ndarray::{ArrayD, IxDyn, OwnedRepr};
use ndarray_npy::{NpzReader, NpzWriter, ReadNpzError};

use crate::Float;
use crate::files::write_atomically;
use crate::layers::Param;

/// What can go wrong reading or writing a parameter file. Each message names the file, and
/// the key and shapes where they matter.
#[derive(Debug, thiserror::Error)]
pub enum ParamsError {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("{path} is not a readable .npz file ({reason}); write one with numpy.savez(path, **params)")]
    NotNpz { path: PathBuf, reason: String },
    #[error("{path}: array '{key}' is not float32 or float64 ({reason})")]
    NotFloat { path: PathBuf, key: String, reason: String },
    #[error("{path} has no array '{key}' (it has: {found}); expected the keys {expected}")]
    MissingKey { path: PathBuf, key: String, found: String, expected: String },
    #[error("{path} has an array '{key}' this network does not have (expected only: {expected})")]
    ExtraKey { path: PathBuf, key: String, expected: String },
    #[error("{path}: array '{key}' has shape {found:?}, but this network expects {expected:?}")]
    WrongShape { path: PathBuf, key: String, found: Vec<usize>, expected: Vec<usize> },
    #[error(
        "{path}: array '{key}' holds {count} values that are not finite numbers (NaN or ±inf), such as \
         the parameters of a training run that diverged; refusing to use it"
    )]
    NotFinite { path: PathBuf, key: String, count: usize },
}

// ANCHOR: save_npz
/// Writes named arrays to an `.npz` file (compressed), converting nothing: `f32` arrays are
/// stored as float32, `f64` as float64. The file appears only once it is complete.
pub fn save_npz<'a, F: Float>(
    path: &Path,
    arrays: impl IntoIterator<Item = (&'a str, &'a ArrayD<F>)>,
) -> Result<(), ParamsError> {
    let arrays: Vec<_> = arrays.into_iter().collect();
    write_atomically(path, |out| {
        let mut npz = NpzWriter::new_compressed(out);
        for (name, array) in &arrays {
            npz.add_array(*name, *array).map_err(std::io::Error::other)?;
        }
        npz.finish().map_err(std::io::Error::other)?;
        Ok(())
    })
    .map_err(|source| ParamsError::Write { path: path.to_owned(), source })
}
// ANCHOR_END: save_npz

/// Writes a network's parameters under their names.
pub fn save_params<F: Float>(path: &Path, params: &[Param<'_, F>]) -> Result<(), ParamsError> {
    save_npz(path, params.iter().map(|p| (p.name.as_str(), &*p.value)))
}

/// Reads every array of an `.npz` file, float32 or float64, converted to `F`, in row-major
/// order whatever order the file holds it in (NumPy writes C or Fortran order, either
/// endianness, compressed or not: all of them load). Every value must be finite.
pub fn load_npz<F: Float>(path: &Path) -> Result<BTreeMap<String, ArrayD<F>>, ParamsError> {
    let file = File::open(path).map_err(|source| ParamsError::Read { path: path.to_owned(), source })?;
    let not_npz = |e: ReadNpzError| ParamsError::NotNpz { path: path.to_owned(), reason: e.to_string() };
    let mut npz = NpzReader::new(BufReader::new(file)).map_err(not_npz)?;
    let mut arrays = BTreeMap::new();
    for key in npz.names().map_err(not_npz)? {
        let array = match npz.by_name::<OwnedRepr<f32>, IxDyn>(&key) {
            Ok(a) => a.mapv(|v| F::lit(v as f64)),
            Err(_) => npz
                .by_name::<OwnedRepr<f64>, IxDyn>(&key)
                .map_err(|e| ParamsError::NotFloat {
                    path: path.to_owned(),
                    key: key.clone(),
                    reason: e.to_string(),
                })?
                .mapv(F::lit),
        };
        let count = array.iter().filter(|v| !v.is_finite()).count();
        if count > 0 {
            return Err(ParamsError::NotFinite { path: path.to_owned(), key, count });
        }
        let array = if array.is_standard_layout() { array } else { array.as_standard_layout().into_owned() };
        arrays.insert(key, array);
    }
    Ok(arrays)
}

// ANCHOR: load_params
/// Loads an `.npz` file into a network's parameters. The file must hold exactly the
/// network's keys, each in the network's shape; anything else is an error that names the key.
pub fn load_params<F: Float>(path: &Path, params: Vec<Param<'_, F>>) -> Result<(), ParamsError> {
    let mut arrays = load_npz::<F>(path)?;
    let expected = params.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", ");
    for key in arrays.keys() {
        if !params.iter().any(|p| &p.name == key) {
            return Err(ParamsError::ExtraKey { path: path.to_owned(), key: key.clone(), expected });
        }
    }
    for p in &params {
        let Some(array) = arrays.get(&p.name) else {
            return Err(ParamsError::MissingKey {
                path: path.to_owned(),
                key: p.name.clone(),
                found: arrays.keys().cloned().collect::<Vec<_>>().join(", "),
                expected,
            });
        };
        if array.shape() != p.value.shape() {
            return Err(ParamsError::WrongShape {
                path: path.to_owned(),
                key: p.name.clone(),
                found: array.shape().to_vec(),
                expected: p.value.shape().to_vec(),
            });
        }
    }
    for p in params {
        *p.value = arrays.remove(&p.name).expect("checked above");
    }
    Ok(())
}
// ANCHOR_END: load_params

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{ArrayD, IxDyn};

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("dlfs-params-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir.join(name)
    }

    fn net() -> (ArrayD<f32>, ArrayD<f32>, ArrayD<f32>) {
        let w = ArrayD::from_shape_fn(IxDyn(&[3, 2]), |i| (i[0] * 2 + i[1]) as f32);
        let b = ArrayD::from_elem(IxDyn(&[2]), 0.5f32);
        (w, b, ArrayD::zeros(IxDyn(&[3, 2])))
    }

    #[test]
    fn params_round_trip_through_npz_and_convert_f32_to_f64() {
        let path = temp("round_trip.npz");
        let (mut w, mut b, g) = net();
        let gb = ArrayD::zeros(IxDyn(&[2]));
        save_params(&path, &[Param::new("W1", &mut w, &g), Param::new("b1", &mut b, &gb)]).unwrap();
        let mut w64 = ArrayD::<f64>::zeros(IxDyn(&[3, 2]));
        let mut b64 = ArrayD::<f64>::zeros(IxDyn(&[2]));
        let (g64, gb64) = (w64.clone(), b64.clone());
        load_params(&path, vec![Param::new("W1", &mut w64, &g64), Param::new("b1", &mut b64, &gb64)])
            .unwrap();
        assert_eq!(w64, w.mapv(|v| v as f64));
        assert_eq!(b64, b.mapv(|v| v as f64));
    }

    #[test]
    fn a_wrong_shape_names_the_key_and_both_shapes() {
        let path = temp("wrong_shape.npz");
        let (w, b, _) = net();
        save_npz(&path, [("W1", &w), ("b1", &b)]).unwrap();
        let mut w_net = ArrayD::<f32>::zeros(IxDyn(&[2, 3]));
        let mut b_net = ArrayD::<f32>::zeros(IxDyn(&[2]));
        let (gw, gb) = (w_net.clone(), b_net.clone());
        let err =
            load_params(&path, vec![Param::new("W1", &mut w_net, &gw), Param::new("b1", &mut b_net, &gb)])
                .unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, ParamsError::WrongShape { .. }), "{msg}");
        assert!(msg.contains("'W1'") && msg.contains("[3, 2]") && msg.contains("[2, 3]"), "{msg}");
    }

    #[test]
    fn a_missing_or_extra_key_is_named() {
        let path = temp("keys.npz");
        let (w, b, _) = net();
        save_npz(&path, [("W1", &w), ("b2", &b)]).unwrap();
        let mut w_net = w.clone();
        let g = w.clone();
        let err = load_params(&path, vec![Param::new("W1", &mut w_net, &g)]).unwrap_err();
        assert!(matches!(&err, ParamsError::ExtraKey { key, .. } if key == "b2"), "{err}");
        let (mut b1, mut b2, gb) = (b.clone(), b.clone(), b.clone());
        let mut w_net = w.clone();
        let err = load_params(
            &path,
            vec![
                Param::new("W1", &mut w_net, &g),
                Param::new("b1", &mut b1, &gb),
                Param::new("b2", &mut b2, &gb),
            ],
        )
        .unwrap_err();
        assert!(err.to_string().contains("'b1'"), "{err}");
    }

    #[test]
    fn a_file_that_is_not_npz_is_a_clear_error() {
        let path = temp("garbage.npz");
        std::fs::write(&path, b"this is not a zip file").unwrap();
        let err = load_npz::<f32>(&path).unwrap_err();
        assert!(matches!(err, ParamsError::NotNpz { .. }), "{err}");
        assert!(err.to_string().contains("garbage.npz"));
        let err = load_npz::<f32>(&temp("does-not-exist.npz")).unwrap_err();
        assert!(matches!(err, ParamsError::Read { .. }), "{err}");
    }

    /// A `.npy` file as NumPy writes it: the header (dtype, memory order, shape), then the
    /// values in memory order.
    fn npy(descr: &str, fortran_order: bool, shape: &[usize], memory_order: &[f64]) -> Vec<u8> {
        let shape = shape.iter().map(|d| format!("{d}, ")).collect::<String>();
        let order = if fortran_order { "True" } else { "False" };
        let mut header = format!("{{'descr': '{descr}', 'fortran_order': {order}, 'shape': ({shape}), }}");
        while (10 + header.len() + 1) % 64 != 0 {
            header.push(' ');
        }
        header.push('\n');
        let mut out = b"\x93NUMPY\x01\x00".to_vec();
        out.extend_from_slice(&(header.len() as u16).to_le_bytes());
        out.extend_from_slice(header.as_bytes());
        for &v in memory_order {
            match descr {
                "<f4" => out.extend_from_slice(&(v as f32).to_le_bytes()),
                ">f4" => out.extend_from_slice(&(v as f32).to_be_bytes()),
                "<f8" => out.extend_from_slice(&v.to_le_bytes()),
                ">f8" => out.extend_from_slice(&v.to_be_bytes()),
                _ => unreachable!("{descr}"),
            }
        }
        out
    }

    /// An `.npz` (a zip of `.npy` files), stored or deflated.
    fn npz(path: &Path, files: &[(&str, Vec<u8>)], compressed: bool) {
        use std::io::Write;
        let method =
            if compressed { zip::CompressionMethod::Deflated } else { zip::CompressionMethod::Stored };
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        let mut zip = zip::ZipWriter::new(File::create(path).unwrap());
        for (name, bytes) in files {
            zip.start_file(format!("{name}.npy"), options).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap();
    }

    #[test]
    fn every_layout_numpy_writes_loads_as_the_same_row_major_array() {
        // W (3, 2) = [[0, 1], [2, 3], [4, 5]]: row-major memory 0 1 2 3 4 5, Fortran 0 2 4 1 3 5.
        let expected = ArrayD::from_shape_vec(IxDyn(&[3, 2]), vec![0., 1., 2., 3., 4., 5.]).unwrap();
        let c_order = [0., 1., 2., 3., 4., 5.];
        let f_order = [0., 2., 4., 1., 3., 5.];
        for descr in ["<f4", ">f4", "<f8", ">f8"] {
            for (fortran, memory) in [(false, &c_order), (true, &f_order)] {
                for compressed in [false, true] {
                    let path = temp(&format!("layout-{}-{fortran}-{compressed}.npz", &descr[..1] == "<"));
                    npz(&path, &[("W", npy(descr, fortran, &[3, 2], memory))], compressed);
                    let w = load_npz::<f64>(&path).unwrap().remove("W").unwrap();
                    assert_eq!(w, expected, "{descr} fortran={fortran} compressed={compressed}");
                    assert!(w.is_standard_layout(), "{descr} fortran={fortran}");
                }
            }
        }
    }

    #[test]
    fn parameters_that_are_not_finite_are_refused_with_the_key_and_count() {
        let path = temp("not_finite.npz");
        let (w, b, _) = net();
        let mut bad = w.clone();
        bad[[1, 0]] = f32::NAN;
        bad[[2, 1]] = f32::INFINITY;
        save_npz(&path, [("W1", &bad), ("b1", &b)]).unwrap();
        let err = load_npz::<f32>(&path).unwrap_err();
        assert!(matches!(&err, ParamsError::NotFinite { key, count: 2, .. } if key == "W1"), "{err}");
        assert!(err.to_string().contains("not finite"), "{err}");
    }
}
