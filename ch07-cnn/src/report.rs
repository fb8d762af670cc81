//! What the chapter prints about a network: its layers with their shapes, and large counts
//! written with thousands separators.

use crate::simple_conv_net::{ConvNetError, ConvParam, POOL, SimpleConvNetConfig};

// ANCHOR: architecture
/// The layers of a network shaped by `config`, one line each, with the shape of the data
/// after each layer and the parameters it holds.
pub fn architecture(config: &SimpleConvNetConfig) -> Result<String, ConvNetError> {
    let s = config.shapes()?;
    let (c, h, w) = config.input_dim;
    let ConvParam { filter_num: fn_, filter_size: f, pad, stride } = config.conv_param;
    let (hidden, out) = (config.hidden_size, config.output_size);
    let (_, ch, cw) = s.conv;
    let (_, ph, pw) = s.pool;
    let rows = [
        (
            "Conv1",
            format!("{fn_} filters {f}×{f}, stride {stride}, pad {pad}"),
            format!("(N, {fn_}, {ch}, {cw})"),
            format!("W1 ({fn_}, {c}, {f}, {f}), b1 ({fn_},)"),
        ),
        ("ReLU1", String::new(), format!("(N, {fn_}, {ch}, {cw})"), String::new()),
        (
            "Pool1",
            format!("max {POOL}×{POOL}, stride {POOL}"),
            format!("(N, {fn_}, {ph}, {pw})"),
            String::new(),
        ),
        (
            "Affine1",
            format!("{} → {hidden} (flattened {fn_}·{ph}·{pw})", s.pool_output_size),
            format!("(N, {hidden})"),
            format!("W2 ({}, {hidden}), b2 ({hidden},)", s.pool_output_size),
        ),
        ("ReLU2", String::new(), format!("(N, {hidden})"), String::new()),
        (
            "Affine2",
            format!("{hidden} → {out}"),
            format!("(N, {out})"),
            format!("W3 ({hidden}, {out}), b3 ({out},)"),
        ),
        ("Softmax", "with the cross-entropy loss".into(), String::new(), String::new()),
    ];
    let mut text = format!("SimpleConvNet, input (N, {c}, {h}, {w}):\n");
    for (name, what, shape, params) in rows {
        let arrow = if shape.is_empty() { String::new() } else { format!("→ {shape}") };
        text += format!("  {name:<8} {what:<38} {arrow:<20} {params}").trim_end();
        text.push('\n');
    }
    let count = [fn_ * c * f * f, fn_, s.pool_output_size * hidden, hidden, hidden * out, out];
    let total: usize = count.iter().sum();
    text += &format!("  {} parameters, {} of them in W2\n", thousands(total), thousands(count[2]));
    Ok(text)
}
// ANCHOR_END: architecture

/// 433890 → "433,890".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn architecture_lists_every_layer_with_its_shapes_and_counts_the_parameters() {
        let text = architecture(&SimpleConvNetConfig::default()).unwrap();
        assert!(text.contains("→ (N, 30, 24, 24)") && text.contains("→ (N, 30, 12, 12)"), "{text}");
        assert!(text.contains("W2 (4320, 100)"), "{text}");
        assert!(text.contains("433,890 parameters, 432,000 of them in W2"), "{text}");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
    }
}
