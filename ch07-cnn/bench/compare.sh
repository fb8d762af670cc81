#!/usr/bin/env bash
# Times the book's networks in Rust (these crates, f32), in NumPy (the Python book's im2col
# code, float32) and in PyTorch (CPU, float32, one thread per core) on this machine, and prints
# one table. The three sides are interleaved: for each workload, a sample of each in turn, the
# order rotating from round to round; each sample waits for a quiet machine and is dropped if
# other processes used more than 10% of the CPUs while it ran. The table gives, per side, the
# median and the range of the kept samples.
#
#   ch07-cnn/bench/compare.sh                 # 5 rounds of 3-second samples (about 25 minutes)
#   ROUNDS=3 SECONDS_PER_SAMPLE=2 ch07-cnn/bench/compare.sh
#
# Environment:
#   DLFS_BENCH_VENV  where the Python virtualenv lives (default ~/.cache/dlfs-bench/venv);
#                    it is created, and numpy and torch installed from PyPI, on first use
#   MNIST_DIR        MNIST for the real training runs that measure peak memory (without it
#                    the binary finds or downloads MNIST as usual)
#   CARGO_TARGET_DIR as for cargo
#   BEFORE           a folder with timing-ch05 and timing-ch07, the two timing programs built
#                    from an earlier commit: they run as a fourth side, interleaved with the
#                    others, and the table gains a before → after column
# Not part of CI: it takes a while and wants a quiet machine.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${DLFS_BENCH_VENV:-$HOME/.cache/dlfs-bench/venv}"
target="${CARGO_TARGET_DIR:-$root/target}"
rounds="${ROUNDS:-5}"
seconds="${SECONDS_PER_SAMPLE:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load before: $(cut -d' ' -f1-3 /proc/loadavg)"

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
echo "== $("$py" -c 'import numpy, torch; print(f"NumPy {numpy.__version__}, PyTorch {torch.__version__}")')"

# -- Rust --------------------------------------------------------------------------------------
echo "== building the timing programs and the chapter binary (release)"
# The two timing examples share a name: each is copied away as soon as it is built.
cargo build --release --quiet -p ch05-backprop --example timing
cp "$target/release/examples/timing" "$work/timing-ch05"
cargo build --release --quiet -p ch07-cnn --example timing
cp "$target/release/examples/timing" "$work/timing-ch07"
cargo build --release --quiet -p ch07-cnn
rust07="$work/timing-ch07"

echo "== our matrix product on one core (GFLOP/s), on the shapes of a SimpleConvNet step"
RAYON_NUM_THREADS=1 "$rust07" gemm 8 | sed 's/^gemm /  /; s/\t/: /' | tee "$work/gemm.txt"

# -- The interleaved samples ---------------------------------------------------------------------
echo "== $rounds rounds of ${seconds}-second samples, Rust, NumPy and PyTorch in turn"
before=()
if [ -n "${BEFORE:-}" ]; then
  before=(--before-ch05 "$BEFORE/timing-ch05" --before-ch07 "$BEFORE/timing-ch07")
  echo "== and the timing programs of an earlier commit, in $BEFORE"
fi
TORCH_THREADS="$(nproc)" "$py" "$here/compare.py" drive --rust-ch05 "$work/timing-ch05" --rust-ch07 "$rust07" \
  "${before[@]}" --rounds "$rounds" --seconds "$seconds" --out "$work/samples.tsv"

# -- Peak memory of real training runs -------------------------------------------------------
echo "== peak memory: one epoch of SimpleConvNet and of DeepConvNet on MNIST (release)"
peak() { # name, args…
  local name=$1
  shift
  if /usr/bin/time -v -o "$work/time-$name.txt" "$target/release/ch07-cnn" "$@" --figures "$work" \
    --save "$work/$name.npz" > "$work/run-$name.txt" 2>&1; then
    sed -n 's/.*Maximum resident set size (kbytes): \([0-9]*\).*/\1/p' "$work/time-$name.txt" > "$work/rss-$name.txt"
  else
    echo "(the $name run failed: set MNIST_DIR)"
  fi
}
peak simple --epochs 1
peak deep deep --epochs 1

# -- The table ---------------------------------------------------------------------------------
"$py" - "$work" "$rounds" "$seconds" <<'PY'
import os, sys
work, rounds, seconds = sys.argv[1], sys.argv[2], sys.argv[3]
samples = {}
for line in open(os.path.join(work, "samples.tsv")):
    workload, side, median, lo, hi, kept, dropped = line.rstrip("\n").split("\t")
    samples[(workload, side)] = (float(median), float(lo), float(hi), int(kept), int(dropped))

def get(workload, side):
    return samples.get((workload, side))

def best(workloads, side):
    """The fastest (by median) of several batch sizes."""
    found = [(get(w, side), w) for w in workloads if get(w, side)]
    return min(found, key=lambda p: p[0][0]) if found else (None, None)

def cell(s, fmt):
    """median (range); for a rate (img/s), the range from the slowest sample to the fastest."""
    if not s:
        return "–"
    median, lo, hi, kept, dropped = s
    if fmt is imgs:
        lo, hi = hi, lo
    return f"{fmt(median)} ({fmt(lo)}–{fmt(hi)})"

ms = lambda v: f"{1e3 * v:.3f} ms"
imgs = lambda v: f"{10_000 / v:,.0f} img/s"
rows = [
    ("SimpleConvNet training step, batch 100, Adam", "conv_step", ms, "≤ 0.5× PyTorch", lambda r, n, t: r <= 0.5 * t),
    ("two-layer 784→50→10 training step, batch 100, SGD", "two_layer_step", ms, "< NumPy, ≤ 0.6× PyTorch", lambda r, n, t: r < n and r <= 0.6 * t),
    ("DeepConvNet training step, batch 100, Adam", "deep_step", ms, "(measured)", None),
]
print()
print(f"{rounds} rounds of {seconds}-second samples; median (range) of the samples kept")
print()
print("| work | Rust | NumPy | PyTorch | Rust/NumPy | Rust/PyTorch | target | met |")
print("|---|---|---|---|---|---|---|---|")
for label, key, fmt, target, ok in rows:
    r, n, t = get(key, "rust"), get(key, "numpy"), get(key, "torch")
    ratio = lambda a, b: f"{a[0] / b[0]:.2f}" if a and b else "–"
    met = "–" if not (ok and r and t) else ("yes" if ok(r[0], n[0] if n else float("inf"), t[0]) else "no")
    print(f"| {label} | {cell(r, fmt)} | {cell(n, fmt)} | {cell(t, fmt)} | {ratio(r, n)} | {ratio(r, t)} | {target} | {met} |")
for label, prefix, target in [
    ("SimpleConvNet inference, 10,000 images", "conv_inference", "≥ 2× PyTorch's best batch"),
    ("DeepConvNet inference, 10,000 images", "deep_inference", "(measured)"),
]:
    keys = [f"{prefix}_b100", f"{prefix}_b1000"]
    (r, rw), (n, nw), (t, tw) = best(keys, "rust"), best(keys, "numpy"), best(keys, "torch")
    batch = lambda w: f", batch {w.rsplit('_b', 1)[1]}" if w else ""
    speed = lambda a, b: f"{b[0] / a[0]:.2f}×" if a and b else "–"
    met = "–" if "measured" in target or not (r and t) else ("yes" if t[0] / r[0] >= 2 else "no")
    print(f"| {label} | {cell(r, imgs)}{batch(rw)} | {cell(n, imgs)}{batch(nw)} | {cell(t, imgs)}{batch(tw)} | "
          f"{speed(r, n)} as fast | {speed(r, t)} as fast | {target} | {met} |")
if any(side == "before" for (_, side) in samples):
    print()
    print("| work | Rust before | Rust now | time now/before |")
    print("|---|---|---|---|")
    for key, label, fmt in [
        ("two_layer_step", "two-layer training step", ms),
        ("conv_step", "SimpleConvNet training step", ms),
        ("conv_inference_b100", "SimpleConvNet inference, batch 100", imgs),
        ("conv_inference_b1000", "SimpleConvNet inference, batch 1000", imgs),
    ]:
        b, r = get(key, "before"), get(key, "rust")
        print(f"| {label} | {cell(b, fmt)} | {cell(r, fmt)} | {r[0] / b[0]:.2f} |" if b and r else f"| {label} | {cell(b, fmt)} | {cell(r, fmt)} | – |")
print()
for (workload, side), (median, lo, hi, kept, dropped) in sorted(samples.items()):
    if dropped:
        print(f"{workload} {side}: {dropped} sample(s) dropped (other processes above 10% of the CPUs)")
for name in ("simple", "deep"):
    path = os.path.join(work, f"rss-{name}.txt")
    if os.path.exists(path) and open(path).read().strip():
        kib = int(open(path).read())
        label = {"simple": "SimpleConvNet (`cargo run -p ch07-cnn`)", "deep": "DeepConvNet (`deep`)"}[name]
        print(f"peak memory of one training epoch of {label}: {kib / 1024:.0f} MiB (max RSS)")
PY
echo "load afterwards: $(cut -d' ' -f1-3 /proc/loadavg)"
