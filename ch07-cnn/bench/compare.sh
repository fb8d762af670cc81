#!/usr/bin/env bash
# Times the book's networks in Rust, in NumPy (the Python book's im2col code) and in PyTorch
# (CPU, float32, one thread per core) on this machine, in one run, and prints one table.
#
#   ch07-cnn/bench/compare.sh
#
# Environment:
#   DLFS_BENCH_VENV  where the Python virtualenv lives (default ~/.cache/dlfs-bench/venv);
#                    it is created, and numpy and torch installed from PyPI, on first use
#   MNIST_DIR        MNIST for the real training runs (peak memory, dev vs release); without
#                    it the binary finds or downloads MNIST as usual
#   CARGO_TARGET_DIR as for cargo
# Not part of CI: it takes a few minutes and wants a quiet machine (see `uptime`).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${DLFS_BENCH_VENV:-$HOME/.cache/dlfs-bench/venv}"
target="${CARGO_TARGET_DIR:-$root/target}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load: $(cut -d' ' -f1-3 /proc/loadavg)"

# -- Python ------------------------------------------------------------------------------------
if [ ! -x "$venv/bin/python" ]; then
  echo "== creating a virtualenv in $venv and installing numpy and torch from PyPI (once; torch is large)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --upgrade pip
fi
if ! "$venv/bin/python" -c 'import numpy, torch' 2>/dev/null; then
  echo "== installing numpy and torch from PyPI into $venv"
  "$venv/bin/pip" install --quiet numpy torch
fi
py="$venv/bin/python"

# -- Rust --------------------------------------------------------------------------------------
echo "== building the Rust benchmarks and the chapter binary (release)"
cargo bench -p ch05-backprop --bench backprop --no-run --quiet
cargo bench -p ch07-cnn --bench cnn --no-run --quiet
cargo build -p ch07-cnn --release --quiet

echo "== Rust (criterion)"
{
  cargo bench -p ch05-backprop --bench backprop --quiet -- "train step 784-50-10"
  cargo bench -p ch07-cnn --bench cnn --quiet
} 2>&1 | tee "$work/rust.txt" | grep -E "time:|thrpt:" || true
"$py" - "$work/rust.txt" > "$work/rust.tsv" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
unit = {"ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}
names = {"train step 784-50-10": "two_layer_step", "train step, batch 100": "conv_step", "inference, 10,000": "conv_inference_10k"}
for m in re.finditer(r"^(\S[^\n]*?)\s+time:\s+\[\S+ \S+ (\S+) (\S+) \S+ \S+\]", text, re.M):
    for key, name in names.items():
        if key in m.group(1):
            print(f"{name}\t{float(m.group(2)) * unit[m.group(3)]}")
PY

echo "== NumPy (the Python book's code, float32)"
"$py" "$here/compare.py" numpy | tee "$work/numpy.tsv"
echo "== PyTorch (CPU, float32, $(nproc) threads)"
TORCH_THREADS="$(nproc)" "$py" "$here/compare.py" torch | tee "$work/torch.tsv"

# -- One real epoch on MNIST: peak memory, and the dev profile against release -----------------
echo "== one epoch of 'cargo run -p ch07-cnn' on MNIST, release then dev profile"
epoch() { # $1: release|dev
  local flag=""; [ "$1" = release ] && flag="--release"
  cargo build -p ch07-cnn $flag --quiet
  /usr/bin/time -v -o "$work/time-$1.txt" cargo run -p ch07-cnn $flag --quiet -- \
    --epochs 1 --figures "$work" --save "$work/params.npz" > "$work/run-$1.txt"
  grep -o "=== epoch:1.*" "$work/run-$1.txt" || true
  sed -n 's/.*=== epoch:1,.*(\([0-9.]*\) s)$/\1/p' "$work/run-$1.txt" > "$work/epoch-$1.txt"
  sed -n 's/.*Maximum resident set size (kbytes): \([0-9]*\).*/\1/p' "$work/time-$1.txt" > "$work/rss-$1.txt"
}
if epoch release && epoch dev; then :; else echo "(the MNIST runs failed: set MNIST_DIR)"; fi

# -- The table ---------------------------------------------------------------------------------
"$py" - "$work" <<'PY'
import os, sys
work = sys.argv[1]
def read(name):
    out = {}
    path = os.path.join(work, name)
    if os.path.exists(path):
        for line in open(path):
            key, _, value = line.strip().partition("\t")
            try:
                out[key] = float(value)
            except ValueError:
                out[key] = value
    return out
def number(name):
    try:
        return float(open(os.path.join(work, name)).read().strip())
    except (OSError, ValueError):
        return None
rust, numpy, torch = read("rust.tsv"), read("numpy.tsv"), read("torch.tsv")
rows = [
    ("SimpleConvNet training epoch (600 steps of 100, Adam)", "conv_step", lambda s: 600 * s, "s", "{:.2f}", "≤ 0.8× PyTorch"),
    ("SimpleConvNet inference, 10,000 images (batch 100)", "conv_inference_10k", lambda s: 10_000 / s, "img/s", "{:,.0f}", "faster than PyTorch"),
    ("Two-layer net 784→50→10 training step (batch 100, SGD)", "two_layer_step", lambda s: 1e3 * s, "ms", "{:.3f}", "≤ 0.5× PyTorch"),
]
print()
print(f"| {'measurement':<56} | {'Rust':>10} | {'NumPy':>10} | {'PyTorch':>10} | {'Rust/NumPy':>10} | {'Rust/PyTorch':>12} | target |")
print(f"|{'-'*58}|{'-'*12}|{'-'*12}|{'-'*12}|{'-'*12}|{'-'*14}|--------|")
for label, key, conv, unit, fmt, target in rows:
    r, n, t = (d.get(key) for d in (rust, numpy, torch))
    cell = lambda s: (fmt.format(conv(s)) + " " + unit) if isinstance(s, float) else "–"
    # Ratios of times (for inference, of time per image too: below 1 means Rust is faster).
    ratio = lambda a, b: f"{a / b:.2f}" if isinstance(a, float) and isinstance(b, float) else "–"
    print(f"| {label:<56} | {cell(r):>10} | {cell(n):>10} | {cell(t):>10} | {ratio(r, n):>10} | {ratio(r, t):>12} | {target} |")
rss = number("rss-release.txt")
rel, dev = number("epoch-release.txt"), number("epoch-dev.txt")
print()
if rss:
    print(f"peak memory of one training run of ch07-cnn (release, max RSS): {rss / 1024:.0f} MiB (target < 1024 MiB)")
if rel and dev:
    print(f"one MNIST epoch of `cargo run -p ch07-cnn`: release {rel:.1f} s, dev profile {dev:.1f} s, dev/release {dev / rel:.2f} (target ≤ 1.3)")
print(f"Ratios are of times (inference: seconds per image): below 1 means Rust is faster. PyTorch {torch.get('torch_version', '?')}, {int(torch.get('torch_threads', 0))} threads.")
PY
echo "load afterwards: $(cut -d' ' -f1-3 /proc/loadavg)"
