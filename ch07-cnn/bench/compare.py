"""The book's networks in NumPy and in PyTorch, one timing sample at a time, and the driver
that interleaves those samples with Rust's on a quiet machine.

    python compare.py sample numpy|torch WORKLOAD SECONDS
        prints `WORKLOAD<TAB>seconds per unit` for one sample of about SECONDS
    python compare.py drive --rust-ch05 BIN --rust-ch07 BIN [--before-ch05 BIN --before-ch07 BIN]
                            [--rounds N] [--seconds S]
        the comparison: for each workload, samples of Rust, NumPy and PyTorch in turn (the order
        rotating each round), each taken only when the machine is quiet and kept only if other
        processes used at most 10% of the CPU while it ran; prints the median and the range.
        With --before-…: the timing programs built from an earlier commit, a fourth side
        ("before") for the workloads that commit has

Workloads (random pixels stand in for MNIST: the cost does not depend on what they show):
    two_layer_step        one SGD step of the 784 → 50 → 10 network, batch 100
    conv_step             one Adam step of SimpleConvNet, batch 100
    conv_inference_b100   the classes of 10,000 images, in batches of 100 (…_b1000: of 1,000)
    deep_step             one Adam step of the Python book's DeepConvNet, batch 100
    deep_inference_b100   DeepConvNet's classes of 10,000 images (…_b1000)
NumPy runs the Python book's own layer code (im2col, float32); PyTorch runs the same networks
(float32, one thread per core), scored in eval() mode under torch.inference_mode().
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

import numpy as np

BATCH = 100
DTYPE = np.float32


def images(n, seed=1):
    rng = np.random.default_rng(seed)
    x = rng.random((n, 1, 28, 28), dtype=DTYPE)
    t = (np.arange(n) * 7 + np.arange(n) // 13) % 10
    return x, t


def per_call(fn, seconds, min_calls=3):
    """Mean seconds per call of fn(i), after two calls of warm-up."""
    fn(0)
    fn(1)
    calls, start = 0, time.perf_counter()
    while calls < min_calls or time.perf_counter() - start < seconds:
        fn(calls)
        calls += 1
    return (time.perf_counter() - start) / calls


# ---------------------------------------------------------------- NumPy, as the book writes it


def im2col(input_data, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = input_data.shape
    out_h = (H + 2 * pad - filter_h) // stride + 1
    out_w = (W + 2 * pad - filter_w) // stride + 1
    img = np.pad(input_data, [(0, 0), (0, 0), (pad, pad), (pad, pad)], "constant")
    col = np.zeros((N, C, filter_h, filter_w, out_h, out_w), dtype=input_data.dtype)
    for y in range(filter_h):
        y_max = y + stride * out_h
        for x in range(filter_w):
            x_max = x + stride * out_w
            col[:, :, y, x, :, :] = img[:, :, y:y_max:stride, x:x_max:stride]
    return col.transpose(0, 4, 5, 1, 2, 3).reshape(N * out_h * out_w, -1)


def col2im(col, input_shape, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = input_shape
    out_h = (H + 2 * pad - filter_h) // stride + 1
    out_w = (W + 2 * pad - filter_w) // stride + 1
    col = col.reshape(N, out_h, out_w, C, filter_h, filter_w).transpose(0, 3, 4, 5, 1, 2)
    img = np.zeros((N, C, H + 2 * pad + stride - 1, W + 2 * pad + stride - 1), dtype=col.dtype)
    for y in range(filter_h):
        y_max = y + stride * out_h
        for x in range(filter_w):
            x_max = x + stride * out_w
            img[:, :, y:y_max:stride, x:x_max:stride] += col[:, :, y, x, :, :]
    return img[:, :, pad : H + pad, pad : W + pad]


class Relu:
    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout[self.mask] = 0
        return dout


class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, x):
        self.original_x_shape = x.shape
        x = x.reshape(x.shape[0], -1)
        self.x = x
        return np.dot(self.x, self.W) + self.b

    def backward(self, dout):
        dx = np.dot(dout, self.W.T)
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return dx.reshape(*self.original_x_shape)


class Dropout:
    def __init__(self, ratio=0.5, seed=0):
        self.ratio, self.rng = ratio, np.random.default_rng(seed)

    def forward(self, x, train_flg=True):
        if train_flg:
            self.mask = self.rng.random(x.shape, dtype=DTYPE) > self.ratio
            return x * self.mask
        return x * (1.0 - self.ratio)

    def backward(self, dout):
        return dout * self.mask


class SoftmaxWithLoss:
    def forward(self, x, t):
        self.t = t
        x = x - x.max(axis=1, keepdims=True)
        self.y = np.exp(x) / np.sum(np.exp(x), axis=1, keepdims=True)
        n = self.y.shape[0]
        return -np.sum(np.log(self.y[np.arange(n), t] + 1e-7)) / n

    def backward(self):
        n = self.t.shape[0]
        dx = self.y.copy()
        dx[np.arange(n), self.t] -= 1
        return dx / n


class Convolution:
    def __init__(self, W, b, stride=1, pad=0):
        self.W, self.b, self.stride, self.pad = W, b, stride, pad

    def forward(self, x):
        FN, C, FH, FW = self.W.shape
        N, C, H, W = x.shape
        out_h = 1 + int((H + 2 * self.pad - FH) / self.stride)
        out_w = 1 + int((W + 2 * self.pad - FW) / self.stride)
        col = im2col(x, FH, FW, self.stride, self.pad)
        col_W = self.W.reshape(FN, -1).T
        out = np.dot(col, col_W) + self.b
        out = out.reshape(N, out_h, out_w, -1).transpose(0, 3, 1, 2)
        self.x, self.col, self.col_W = x, col, col_W
        return out

    def backward(self, dout):
        FN, C, FH, FW = self.W.shape
        dout = dout.transpose(0, 2, 3, 1).reshape(-1, FN)
        self.db = np.sum(dout, axis=0)
        self.dW = np.dot(self.col.T, dout).transpose(1, 0).reshape(FN, C, FH, FW)
        dcol = np.dot(dout, self.col_W.T)
        return col2im(dcol, self.x.shape, FH, FW, self.stride, self.pad)


class Pooling:
    def __init__(self, pool_h, pool_w, stride=1, pad=0):
        self.pool_h, self.pool_w, self.stride, self.pad = pool_h, pool_w, stride, pad

    def forward(self, x):
        N, C, H, W = x.shape
        out_h = int(1 + (H - self.pool_h) / self.stride)
        out_w = int(1 + (W - self.pool_w) / self.stride)
        col = im2col(x, self.pool_h, self.pool_w, self.stride, self.pad)
        col = col.reshape(-1, self.pool_h * self.pool_w)
        self.arg_max = np.argmax(col, axis=1)
        out = np.max(col, axis=1).reshape(N, out_h, out_w, C).transpose(0, 3, 1, 2)
        self.x = x
        return out

    def backward(self, dout):
        dout = dout.transpose(0, 2, 3, 1)
        pool_size = self.pool_h * self.pool_w
        dmax = np.zeros((dout.size, pool_size), dtype=dout.dtype)
        dmax[np.arange(self.arg_max.size), self.arg_max.flatten()] = dout.flatten()
        dmax = dmax.reshape(dout.shape + (pool_size,))
        dcol = dmax.reshape(dmax.shape[0] * dmax.shape[1] * dmax.shape[2], -1)
        return col2im(dcol, self.x.shape, self.pool_h, self.pool_w, self.stride, self.pad)


class Adam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999):
        self.lr, self.beta1, self.beta2, self.iter, self.m, self.v = lr, beta1, beta2, 0, None, None

    def update(self, params, grads):
        if self.m is None:
            self.m = {k: np.zeros_like(v) for k, v in params.items()}
            self.v = {k: np.zeros_like(v) for k, v in params.items()}
        self.iter += 1
        lr_t = self.lr * np.sqrt(1.0 - self.beta2**self.iter) / (1.0 - self.beta1**self.iter)
        for key in params.keys():
            self.m[key] += (1 - self.beta1) * (grads[key] - self.m[key])
            self.v[key] += (1 - self.beta2) * (grads[key] ** 2 - self.v[key])
            params[key] -= lr_t * self.m[key] / (np.sqrt(self.v[key]) + 1e-7)


def gaussian(rng, shape, std):
    return (std * rng.standard_normal(shape)).astype(DTYPE)


class SimpleConvNet:
    def __init__(self):
        rng = np.random.default_rng(2)
        self.params = {
            "W1": gaussian(rng, (30, 1, 5, 5), 0.01),
            "b1": np.zeros(30, DTYPE),
            "W2": gaussian(rng, (4320, 100), 0.01),
            "b2": np.zeros(100, DTYPE),
            "W3": gaussian(rng, (100, 10), 0.01),
            "b3": np.zeros(10, DTYPE),
        }
        p = self.params
        self.layers = [
            Convolution(p["W1"], p["b1"]),
            Relu(),
            Pooling(2, 2, stride=2),
            Affine(p["W2"], p["b2"]),
            Relu(),
            Affine(p["W3"], p["b3"]),
        ]
        self.last_layer = SoftmaxWithLoss()

    def predict(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def gradient(self, x, t):
        loss = self.last_layer.forward(self.predict(x), t)
        dout = self.last_layer.backward()
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        conv, aff1, aff2 = self.layers[0], self.layers[3], self.layers[5]
        grads = {"W1": conv.dW, "b1": conv.db, "W2": aff1.dW, "b2": aff1.db, "W3": aff2.dW, "b3": aff2.db}
        return loss, grads


class DeepConvNet:
    """The Python book's DeepConvNet (its chapter 8), He's initial weights, float32."""

    def __init__(self):
        rng = np.random.default_rng(2)
        convs = [(16, 1, 1), (16, 16, 1), (32, 16, 1), (32, 32, 2), (64, 32, 1), (64, 64, 1)]
        self.params, self.layers, self.with_params = {}, [], []
        for i, (fn, c, pad) in enumerate(convs):
            w, b = gaussian(rng, (fn, c, 3, 3), np.sqrt(2.0 / (c * 9))), np.zeros(fn, DTYPE)
            self.params[f"W{i + 1}"], self.params[f"b{i + 1}"] = w, b
            self.with_params.append(len(self.layers))
            self.layers += [Convolution(w, b, 1, pad), Relu()]
            if i % 2 == 1:
                self.layers.append(Pooling(2, 2, stride=2))
        for i, (n_in, n_out) in enumerate([(64 * 4 * 4, 50), (50, 10)]):
            w, b = gaussian(rng, (n_in, n_out), np.sqrt(2.0 / n_in)), np.zeros(n_out, DTYPE)
            self.params[f"W{i + 7}"], self.params[f"b{i + 7}"] = w, b
            self.with_params.append(len(self.layers))
            self.layers += [Affine(w, b)] + ([Relu(), Dropout(0.5, 1)] if i == 0 else [Dropout(0.5, 2)])
        self.last_layer = SoftmaxWithLoss()

    def predict(self, x, train_flg=False):
        for layer in self.layers:
            x = layer.forward(x, train_flg) if isinstance(layer, Dropout) else layer.forward(x)
        return x

    def gradient(self, x, t):
        loss = self.last_layer.forward(self.predict(x, train_flg=True), t)
        dout = self.last_layer.backward()
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        grads = {}
        for i, k in enumerate(self.with_params):
            grads[f"W{i + 1}"], grads[f"b{i + 1}"] = self.layers[k].dW, self.layers[k].db
        return loss, grads


class TwoLayerNet:
    def __init__(self):
        rng = np.random.default_rng(2)
        self.params = {
            "W1": gaussian(rng, (784, 50), 0.01),
            "b1": np.zeros(50, DTYPE),
            "W2": gaussian(rng, (50, 10), 0.01),
            "b2": np.zeros(10, DTYPE),
        }
        p = self.params
        self.layers = [Affine(p["W1"], p["b1"]), Relu(), Affine(p["W2"], p["b2"])]
        self.last_layer = SoftmaxWithLoss()

    def gradient(self, x, t):
        y = x
        for layer in self.layers:
            y = layer.forward(y)
        loss = self.last_layer.forward(y, t)
        dout = self.last_layer.backward()
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        a1, a2 = self.layers[0], self.layers[2]
        return loss, {"W1": a1.dW, "b1": a1.db, "W2": a2.dW, "b2": a2.db}


def numpy_workload(name, seconds):
    x, t = images(1000)
    batches = [(x[k * 100 : (k + 1) * 100], t[k * 100 : (k + 1) * 100]) for k in range(10)]
    if name == "two_layer_step":
        net = TwoLayerNet()

        def step(i):
            xb, tb = batches[i % 10]
            _, grads = net.gradient(xb.reshape(100, 784), tb)
            for key in net.params:  # SGD, lr 0.1, in place (the layers hold the same arrays)
                net.params[key] -= 0.1 * grads[key]

        return per_call(step, seconds)
    net = {"conv": SimpleConvNet, "deep": DeepConvNet}[name.split("_")[0]]()
    if name.endswith("_step"):
        adam = Adam(0.001)

        def step(i):
            xb, tb = batches[i % 10]
            _, grads = net.gradient(xb, tb)
            adam.update(net.params, grads)

        return per_call(step, seconds, min_calls=2)
    batch = int(name.rsplit("_b", 1)[1])
    xt, _ = images(10_000, seed=3)

    def inference(_):
        for k in range(0, 10_000, batch):
            np.argmax(net.predict(xt[k : k + batch]), axis=1)

    return per_call(inference, seconds, min_calls=1)


def torch_workload(name, seconds):
    import torch
    from torch import nn

    torch.set_num_threads(int(os.environ.get("TORCH_THREADS", os.cpu_count() or 1)))
    torch.manual_seed(2)
    x, t = images(1000)
    x, t = torch.from_numpy(x), torch.from_numpy(t).long()
    loss_fn = nn.CrossEntropyLoss()
    if name == "two_layer_step":
        net = nn.Sequential(nn.Flatten(), nn.Linear(784, 50), nn.ReLU(), nn.Linear(50, 10))
        optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
    elif name.startswith("conv"):
        net = nn.Sequential(
            nn.Conv2d(1, 30, 5), nn.ReLU(), nn.MaxPool2d(2, 2), nn.Flatten(),
            nn.Linear(4320, 100), nn.ReLU(), nn.Linear(100, 10),
        )
        optimizer = torch.optim.Adam(net.parameters(), lr=0.001)
    else:
        layers, c = [], 1
        for i, (fn, pad) in enumerate([(16, 1), (16, 1), (32, 1), (32, 2), (64, 1), (64, 1)]):
            layers += [nn.Conv2d(c, fn, 3, padding=pad), nn.ReLU()] + ([nn.MaxPool2d(2, 2)] if i % 2 else [])
            c = fn
        layers += [nn.Flatten(), nn.Linear(1024, 50), nn.ReLU(), nn.Dropout(0.5), nn.Linear(50, 10), nn.Dropout(0.5)]
        net = nn.Sequential(*layers)
        optimizer = torch.optim.Adam(net.parameters(), lr=0.001)
    if name.endswith("_step"):
        net.train()

        def step(i):
            k = i % 10
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(net(x[k * 100 : (k + 1) * 100]), t[k * 100 : (k + 1) * 100])
            loss.backward()
            optimizer.step()

        return per_call(step, seconds)
    batch = int(name.rsplit("_b", 1)[1])
    xt = torch.from_numpy(images(10_000, seed=3)[0])
    net.eval()

    def inference(_):
        with torch.inference_mode():
            for k in range(0, 10_000, batch):
                net(xt[k : k + batch]).argmax(dim=1)

    return per_call(inference, seconds, min_calls=1)


# ---------------------------------------------------------------- the interleaving driver

WORKLOADS = {
    # workload: the sides that run it
    "two_layer_step": ("rust", "numpy", "torch"),
    "conv_step": ("rust", "numpy", "torch"),
    "conv_inference_b100": ("rust", "numpy", "torch"),
    "conv_inference_b1000": ("rust", "torch"),
    "deep_step": ("rust", "numpy", "torch"),
    "deep_inference_b100": ("rust", "torch"),
    "deep_inference_b1000": ("rust", "torch"),
}
# The workloads an earlier commit's timing programs may run (DeepConvNet came later).
BEFORE_WORKLOADS = ("two_layer_step", "conv_step", "conv_inference_b100", "conv_inference_b1000")
QUIET = 0.10  # the share of all CPUs other processes may use during a sample


def cpu_busy():
    """(busy seconds, total seconds) of all CPUs since boot, from /proc/stat."""
    fields = [int(v) for v in open("/proc/stat").readline().split()[1:]]
    hz = os.sysconf("SC_CLK_TCK")
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields) - idle) / hz, sum(fields) / hz


def others_share(seconds=1.0):
    """The share of all CPUs used over `seconds` (no sample running): other processes'."""
    b0, t0 = cpu_busy()
    time.sleep(seconds)
    b1, t1 = cpu_busy()
    return (b1 - b0) / max(t1 - t0, 1e-9)


def wait_quiet(max_wait):
    start = time.time()
    while True:
        share = others_share()
        if share <= QUIET or time.time() - start > max_wait:
            return share


def children_cpu():
    """CPU seconds used so far by this process's finished children."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def take_sample(command):
    """Runs one sample; returns (seconds per unit, other processes' share of all CPUs meanwhile)."""
    b0, c0, start = cpu_busy()[0], children_cpu(), time.time()
    proc = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    elapsed, b1, c1 = time.time() - start, cpu_busy()[0], children_cpu()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed")
    others = max(0.0, (b1 - b0 - (c1 - c0)) / (elapsed * (os.cpu_count() or 1)))
    value = float(proc.stdout.strip().splitlines()[-1].split("\t")[1])
    return value, others


def drive(args):
    py = sys.executable
    commands = {
        "rust": lambda w: [args.rust_ch05 if w == "two_layer_step" else args.rust_ch07, w, str(args.seconds)],
        "numpy": lambda w: [py, __file__, "sample", "numpy", w, str(args.seconds)],
        "torch": lambda w: [py, __file__, "sample", "torch", w, str(args.seconds)],
        "before": lambda w: [args.before_ch05 if w == "two_layer_step" else args.before_ch07, w, str(args.seconds)],
    }
    results = {}  # (workload, side) -> [values]
    dropped = {}
    for rnd in range(args.rounds):
        for workload, sides in WORKLOADS.items():
            if args.only and workload not in args.only:
                continue
            if args.before_ch05 and args.before_ch07 and workload in BEFORE_WORKLOADS:
                sides = sides + ("before",)
            order = sides[rnd % len(sides):] + sides[: rnd % len(sides)]
            for side in order:
                if side == "numpy" and workload == "deep_step" and rnd >= 2:
                    continue  # NumPy's deep step takes a second a call: two samples are enough
                for _attempt in range(args.retries + 1):
                    before = wait_quiet(args.max_wait)
                    value, others = take_sample(commands[side](workload))
                    kept = others <= QUIET
                    print(f"round {rnd + 1} {workload:<22} {side:<6} {value:.6g} s  "
                          f"(others: {100 * before:.0f}% before, {100 * others:.0f}% during){'' if kept else '  dropped'}",
                          flush=True)
                    if kept:
                        results.setdefault((workload, side), []).append(value)
                        break
                    dropped[(workload, side)] = dropped.get((workload, side), 0) + 1
    with open(args.out, "w") as f:
        for (workload, side), values in sorted(results.items()):
            f.write(f"{workload}\t{side}\t{statistics.median(values)}\t{min(values)}\t{max(values)}\t{len(values)}\t{dropped.get((workload, side), 0)}\n")


def main(argv):
    if len(argv) == 5 and argv[1] == "sample":
        side, workload, seconds = argv[2], argv[3], float(argv[4])
        value = {"numpy": numpy_workload, "torch": torch_workload}[side](workload, seconds)
        print(f"{workload}\t{value}")
        return
    if len(argv) > 1 and argv[1] == "drive":
        p = argparse.ArgumentParser(prog="compare.py drive")
        p.add_argument("--rust-ch05", required=True)
        p.add_argument("--rust-ch07", required=True)
        p.add_argument("--before-ch05")
        p.add_argument("--before-ch07")
        p.add_argument("--rounds", type=int, default=5)
        p.add_argument("--seconds", type=float, default=3.0)
        p.add_argument("--retries", type=int, default=3)
        p.add_argument("--max-wait", type=float, default=300.0)
        p.add_argument("--only", nargs="*")
        p.add_argument("--out", required=True)
        drive(p.parse_args(argv[2:]))
        return
    sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
