"""The book's networks in NumPy and in PyTorch, timed the way the Rust benchmarks time them.

    python compare.py numpy    # the Python book's code: im2col layers, float32
    python compare.py torch    # PyTorch on the CPU, float32, as many threads as cores

Prints one line per measurement: `name<TAB>seconds` (seconds per step, or per 10,000
images for inference). Random pixels stand in for MNIST: the cost of a step does not
depend on what the pixels show. `compare.sh` runs this next to the Rust benchmarks.
"""

import os
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


def per_call(fn, min_seconds=3.0, min_calls=5):
    """Mean seconds per call of fn(i), after two calls of warm-up."""
    fn(0)
    fn(1)
    calls, start = 0, time.perf_counter()
    while calls < min_calls or time.perf_counter() - start < min_seconds:
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


def run_numpy():
    x, t = images(1000)
    x2 = x.reshape(1000, 784)
    net2 = TwoLayerNet()

    def two_layer_step(i):
        k = i % 10
        _, grads = net2.gradient(x2[k * 100 : (k + 1) * 100], t[k * 100 : (k + 1) * 100])
        for key in net2.params:  # SGD, lr 0.1, in place (the layers hold the same arrays)
            net2.params[key] -= 0.1 * grads[key]

    print(f"two_layer_step\t{per_call(two_layer_step)}", flush=True)

    net = SimpleConvNet()
    adam = Adam(0.001)

    def conv_step(i):
        k = i % 10
        _, grads = net.gradient(x[k * 100 : (k + 1) * 100], t[k * 100 : (k + 1) * 100])
        adam.update(net.params, grads)

    print(f"conv_step\t{per_call(conv_step, min_seconds=5.0)}", flush=True)

    xt, _ = images(10_000, seed=3)

    def inference(_):
        for k in range(0, 10_000, BATCH):
            np.argmax(net.predict(xt[k : k + BATCH]), axis=1)

    print(f"conv_inference_10k\t{per_call(inference, min_seconds=5.0, min_calls=2)}", flush=True)


# ---------------------------------------------------------------- PyTorch


def run_torch():
    import torch
    from torch import nn

    threads = int(os.environ.get("TORCH_THREADS", os.cpu_count() or 1))
    torch.set_num_threads(threads)
    torch.manual_seed(2)
    x, t = images(1000)
    x, t = torch.from_numpy(x), torch.from_numpy(t).long()

    two = nn.Sequential(nn.Flatten(), nn.Linear(784, 50), nn.ReLU(), nn.Linear(50, 10))
    sgd = torch.optim.SGD(two.parameters(), lr=0.1)
    loss_fn = nn.CrossEntropyLoss()

    def two_layer_step(i):
        k = i % 10
        sgd.zero_grad(set_to_none=True)
        loss = loss_fn(two(x[k * 100 : (k + 1) * 100]), t[k * 100 : (k + 1) * 100])
        loss.backward()
        sgd.step()

    print(f"two_layer_step\t{per_call(two_layer_step)}", flush=True)

    net = nn.Sequential(
        nn.Conv2d(1, 30, 5),
        nn.ReLU(),
        nn.MaxPool2d(2, 2),
        nn.Flatten(),
        nn.Linear(4320, 100),
        nn.ReLU(),
        nn.Linear(100, 10),
    )
    adam = torch.optim.Adam(net.parameters(), lr=0.001)

    def conv_step(i):
        k = i % 10
        adam.zero_grad(set_to_none=True)
        loss = loss_fn(net(x[k * 100 : (k + 1) * 100]), t[k * 100 : (k + 1) * 100])
        loss.backward()
        adam.step()

    print(f"conv_step\t{per_call(conv_step, min_seconds=5.0)}", flush=True)

    xt, _ = images(10_000, seed=3)
    xt = torch.from_numpy(xt)

    def inference(_):
        with torch.no_grad():
            for k in range(0, 10_000, BATCH):
                net(xt[k : k + BATCH]).argmax(dim=1)

    print(f"conv_inference_10k\t{per_call(inference, min_seconds=5.0, min_calls=2)}", flush=True)
    print(f"torch_version\t{torch.__version__}")
    print(f"torch_threads\t{torch.get_num_threads()}")


if __name__ == "__main__":
    {"numpy": run_numpy, "torch": run_torch}[sys.argv[1]]()
