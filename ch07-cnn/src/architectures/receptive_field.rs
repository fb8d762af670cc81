//! Per layer of a network: the output shape, the receptive field (感受野: how many input pixels
//! one output sees, along each side), the parameters and the multiply-adds (卷积次数 for a
//! convolution: FN·C·FH·FW·OH·OW). Computed from the layer objects themselves.

use common::Float;
use common::im2col::ShapeError;
use common::sequential::Sequential;

use crate::report::thousands;

/// One row of an architecture's table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The layer's name in its network.
    pub name: String,
    /// The output shape of one example.
    pub output: Vec<usize>,
    /// The receptive field of one output, in input pixels along a side; `None` when each
    /// output sees the whole input (after an affine layer).
    pub receptive_field: Option<usize>,
    /// The layer's parameters.
    pub params: usize,
    /// Its multiply-adds for one example.
    pub multiply_adds: u64,
}

// ANCHOR: receptive_field
/// The rows of `net`'s table for one example of shape `input`. The receptive field grows
/// layer by layer as r ← r + (k − 1)·j, j ← j·s for a window of size k and stride s, from
/// r = j = 1 (j: how far apart, in input pixels, neighbouring outputs are).
pub fn table<F: Float>(net: &mut Sequential<F>, input: &[usize]) -> Result<Vec<Row>, ShapeError> {
    let params = net.layer_param_counts();
    let (mut r, mut j, mut global) = (1, 1, false);
    let mut rows = Vec::new();
    for (((name, _), g), params) in net.layers.iter().zip(net.geometry(input)?).zip(params) {
        if let Some((k, s)) = g.window {
            r += (k - 1) * j;
            j *= s;
        }
        global |= g.global;
        rows.push(Row {
            name: name.clone(),
            output: g.output,
            receptive_field: (!global).then_some(r),
            params,
            multiply_adds: g.multiply_adds,
        });
    }
    Ok(rows)
}
// ANCHOR_END: receptive_field

/// The table as text, one line a layer, with the totals.
pub fn format_table(title: &str, input: &[usize], rows: &[Row]) -> String {
    let shape = |s: &[usize]| format!("({})", s.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", "));
    let mut text = format!("{title}, input {}:\n", shape(input));
    text += &format!(
        "  {:<12} {:<16} {:>9} {:>12} {:>15}\n",
        "layer", "output", "receptive", "parameters", "multiply-adds"
    );
    for row in rows {
        let field = match row.receptive_field {
            Some(r) => format!("{r}×{r}"),
            None => "all".into(),
        };
        let params = if row.params == 0 { String::new() } else { thousands(row.params) };
        let macs = if row.multiply_adds == 0 { String::new() } else { thousands(row.multiply_adds as usize) };
        text += &format!(
            "  {:<12} {:<16} {:>9} {:>12} {:>15}\n",
            row.name,
            shape(&row.output),
            field,
            params,
            macs
        );
    }
    let params: usize = rows.iter().map(|r| r.params).sum();
    let macs: u64 = rows.iter().map(|r| r.multiply_adds).sum();
    text += &format!(
        "  {:<12} {:<16} {:>9} {:>12} {:>15}\n",
        "total",
        "",
        "",
        thousands(params),
        thousands(macs as usize)
    );
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::architectures::builders::conv;
    use common::init::WeightInit;
    use common::rng::seeded;

    #[test]
    fn three_3x3_convolutions_see_7x7_with_27_c_squared_weights_against_49_for_one_7x7() {
        let c = 8;
        let mut rng = seeded(1);
        let mut three = Sequential::<f32>::new();
        for i in 0..3 {
            three = three.with(format!("Conv{i}"), conv(c, c, 3, 1, 1, WeightInit::He, &mut rng));
        }
        let mut one = Sequential::<f32>::new().with("Conv", conv(c, c, 7, 1, 3, WeightInit::He, &mut rng));
        let three = table(&mut three, &[c, 20, 20]).unwrap();
        let one = table(&mut one, &[c, 20, 20]).unwrap();
        assert_eq!(three.iter().map(|r| r.receptive_field).collect::<Vec<_>>(), [Some(3), Some(5), Some(7)]);
        assert_eq!(one[0].receptive_field, Some(7));
        let weights = |rows: &[Row]| rows.iter().map(|r| r.params).sum::<usize>() - rows.len() * c; // less the biases
        assert_eq!((weights(&three), weights(&one)), (27 * c * c, 49 * c * c));
        assert_eq!(one[0].multiply_adds, (49 * c * c * 20 * 20) as u64);
    }

    #[test]
    fn after_an_affine_layer_every_output_sees_the_whole_image() {
        let mut net = crate::architectures::lenet::lenet::<f32>(
            crate::architectures::lenet::LeNetKind::Modern,
            &mut seeded(2),
        );
        let rows = table(&mut net, &[1, 28, 28]).unwrap();
        // Conv 5×5 → 5, pool 2×2 → 6 (stride 2), conv 5×5 → 6 + 4·2 = 14, pool → 16.
        let fields: Vec<Option<usize>> = rows.iter().map(|r| r.receptive_field).collect();
        assert_eq!(&fields[..6], &[Some(5), Some(5), Some(6), Some(14), Some(14), Some(16)]);
        assert!(fields[6..].iter().all(Option::is_none));
        let text = format_table("LeNet", &[1, 28, 28], &rows);
        assert!(text.contains("total") && text.contains("61,706"), "{text}");
    }
}
