#!/usr/bin/env python3
"""A NumPy reference of SimpleConvNet's prediction, written the way the Python book computes
it (im2col, then one matrix product per layer), to check that the Rust evaluation reads `.npz`
parameters in the book's layout and predicts what NumPy predicts, image for image.

    numpy_reference.py random-weights OUT.npz SEED
        writes float64 parameters with the book's keys and shapes (numpy.savez)
    numpy_reference.py predict PARAMS.npz IMAGES.npz OUT.npz
        IMAGES.npz holds "x" (N, 1, 28, 28); writes "scores" (N, 10) as float64
    numpy_reference.py deep-random-weights OUT.npz SEED
        writes float64 parameters of the Python book's DeepConvNet (W1 … W8, b1 … b8), He's scale
    numpy_reference.py deep-predict PARAMS.npz IMAGES.npz OUT.npz
        the same as predict, for the Python book's DeepConvNet (its chapter 8)
    numpy_reference.py layouts PARAMS.npz OUT_DIR
        writes the same parameters in the other layouts NumPy writes: every array in Fortran
        order (fortran.npz), big-endian (big_endian.npz), and compressed (compressed.npz)

Run by ch07-cnn/tests/numpy_reference.rs when `python3 -c "import numpy"` works.
"""
import sys

import numpy as np


def im2col(x, fh, fw, stride=1, pad=0):
    """(N, C, H, W) -> (N*OH*OW, C*FH*FW): one row per window position, its values ordered
    (channel, filter row, filter column)."""
    n, c, h, w = x.shape
    assert (h + 2 * pad - fh) % stride == 0 and (w + 2 * pad - fw) % stride == 0, "sizes do not divide"
    oh = (h + 2 * pad - fh) // stride + 1
    ow = (w + 2 * pad - fw) // stride + 1
    padded = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)])
    # cols[n, c, fy, fx, oy, ox] = padded[n, c, oy*stride + fy, ox*stride + fx]
    cols = np.zeros((n, c, fh, fw, oh, ow))  # float64, as the book's np.zeros
    for fy in range(fh):
        for fx in range(fw):
            cols[:, :, fy, fx, :, :] = padded[:, :, fy:fy + stride * oh:stride, fx:fx + stride * ow:stride]
    return cols.transpose(0, 4, 5, 1, 2, 3).reshape(n * oh * ow, -1), oh, ow


def convolution(x, w, b, stride=1, pad=0):
    fn, _, fh, fw = w.shape
    col, oh, ow = im2col(x, fh, fw, stride, pad)
    out = col @ w.reshape(fn, -1).T + b  # (N*OH*OW, FN)
    return out.reshape(x.shape[0], oh, ow, fn).transpose(0, 3, 1, 2)


def max_pooling(x, size=2, stride=2):
    n, c, _, _ = x.shape
    col, oh, ow = im2col(x, size, size, stride)
    out = col.reshape(-1, size * size).max(axis=1)  # one window of one channel per row
    return out.reshape(n, oh, ow, c).transpose(0, 3, 1, 2)


def predict(params, x):
    h = convolution(x, params["W1"], params["b1"])
    h = np.maximum(h, 0)
    h = max_pooling(h)
    h = h.reshape(h.shape[0], -1)  # (N, C*H*W), row-major
    h = np.maximum(h @ params["W2"] + params["b2"], 0)
    return h @ params["W3"] + params["b3"]


def deep_predict(params, x):
    """The Python book's DeepConvNet.predict(x, train_flg=False)."""
    h = x
    pads = [1, 1, 1, 2, 1, 1]
    for i in range(6):
        h = np.maximum(convolution(h, params[f"W{i + 1}"], params[f"b{i + 1}"], 1, pads[i]), 0)
        if i % 2 == 1:
            h = max_pooling(h)
    h = h.reshape(h.shape[0], -1)
    h = np.maximum(h @ params["W7"] + params["b7"], 0) * (1.0 - 0.5)  # dropout at inference
    return (h @ params["W8"] + params["b8"]) * (1.0 - 0.5)


def main(argv):
    if len(argv) == 4 and argv[1] == "random-weights":
        rng = np.random.default_rng(int(argv[3]))
        # Larger than the book's std 0.01, so that the scores differ clearly between classes.
        params = {
            "W1": 0.3 * rng.standard_normal((30, 1, 5, 5)),
            "b1": 0.1 * rng.standard_normal(30),
            "W2": 0.05 * rng.standard_normal((4320, 100)),
            "b2": 0.1 * rng.standard_normal(100),
            "W3": 0.3 * rng.standard_normal((100, 10)),
            "b3": 0.1 * rng.standard_normal(10),
        }
        np.savez(argv[2], **params)
    elif len(argv) == 5 and argv[1] == "predict":
        params = dict(np.load(argv[2]))
        x = np.load(argv[3])["x"]
        scores = np.concatenate([predict(params, x[i:i + 500]) for i in range(0, len(x), 500)])
        np.savez(argv[4], scores=scores.astype(np.float64))
    elif len(argv) == 4 and argv[1] == "deep-random-weights":
        rng = np.random.default_rng(int(argv[3]))
        shapes = [(16, 1, 3, 3), (16, 16, 3, 3), (32, 16, 3, 3), (32, 32, 3, 3), (64, 32, 3, 3), (64, 64, 3, 3),
                  (1024, 50), (50, 10)]
        params = {}
        for i, shape in enumerate(shapes):
            fan_in = int(np.prod(shape[1:])) if len(shape) == 4 else shape[0]
            params[f"W{i + 1}"] = np.sqrt(2.0 / fan_in) * rng.standard_normal(shape)
            params[f"b{i + 1}"] = 0.1 * rng.standard_normal(shape[0] if len(shape) == 4 else shape[1])
        np.savez(argv[2], **params)
    elif len(argv) == 5 and argv[1] == "deep-predict":
        params = dict(np.load(argv[2]))
        x = np.load(argv[3])["x"]
        scores = np.concatenate([deep_predict(params, x[i:i + 100]) for i in range(0, len(x), 100)])
        np.savez(argv[4], scores=scores.astype(np.float64))
    elif len(argv) == 4 and argv[1] == "layouts":
        params = dict(np.load(argv[2]))
        out = argv[3]
        np.savez(f"{out}/fortran.npz", **{k: np.asfortranarray(v) for k, v in params.items()})
        np.savez(f"{out}/big_endian.npz", **{k: v.astype(v.dtype.newbyteorder(">")) for k, v in params.items()})
        np.savez_compressed(f"{out}/compressed.npz", **params)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
