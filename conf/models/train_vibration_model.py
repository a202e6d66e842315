#!/usr/bin/python3
"""Trains, quantizes and exports the shipped vibration anomaly model (conf/models/README.md).

A small autoencoder learns 32-sample windows of the healthy `signal: vibration` of the simulator;
its score is the mean squared error of a window's reconstruction, so a window of a shape it never
saw (the simulator's bearing fault) scores high. Writes, beside this script:

  vibration-anomaly-float.onnx   float32 weights, for comparison
  vibration-anomaly-int8.onnx    weights int8 per tensor, activations quantized per run
                                 (DynamicQuantizeLinear + MatMulInteger): the shipped one

and src/test/resources/vibration-shape-reference.csv, values of the signal formula below that
VibrationShapeTest holds the Java generator's to.

Needs numpy and onnx only (Debian: apt-get install python3-onnx python3-numpy); opset 17, so the
onnx 1.12 of Debian can check it. The same seed gives the same models on the same numpy.

    /usr/bin/python3 conf/models/train_vibration_model.py

The signal below is the one the simulator produces (VibrationShape and SignalGenerator in
src/main/java/io/outpost/source/simulator): the two must stay in step, or the model learns a machine
the simulator does not have.
"""

import os
import sys

# One BLAS thread: the sums are then done in one order, so the same seed gives the same bytes.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402 (after the thread settings, which numpy reads when it loads)
import onnx  # noqa: E402
from onnx import TensorProto, helper, numpy_helper

SEED = 20240611
HERE = os.path.dirname(os.path.abspath(__file__))

# The simulator configuration the model is trained for (README.md, "Trained for").
PERIOD_MS = 1000.0
INTERVAL_MS = 20.0
AMPLITUDE = 1.0
WINDOW = 32

# --- The `vibration` signal: keep in step with VibrationShape.java and SignalGenerator.java -----
THIRD_HARMONIC = 0.3
NOISE = 0.02
FAULT_FUNDAMENTAL = 0.8
FAULT_HARMONIC = 10
FAULT_HARMONIC_SHARE = 0.25
FAULT_IMPACTS_PER_PERIOD = 8
FAULT_IMPACT = 0.45


def vibration(t_ms, phase, faulty, noise, amplitude=AMPLITUDE, period_ms=PERIOD_MS):
    """The value at times t_ms (ms since the epoch) of a tag whose third harmonic is at `phase`."""
    theta = 2 * np.pi * np.mod(t_ms, period_ms) / period_ms
    if not faulty:
        shape = np.sin(theta) + THIRD_HARMONIC * np.sin(3 * theta + phase)
    else:
        spacing = period_ms / FAULT_IMPACTS_PER_PERIOD
        in_period = np.mod(t_ms, period_ms)
        impact = np.floor(in_period / spacing)
        since_impact = in_period - impact * spacing
        sign = np.where(np.mod(impact, 2) == 0, 1.0, -1.0)
        shape = (FAULT_FUNDAMENTAL * np.sin(theta) + THIRD_HARMONIC * np.sin(3 * theta + phase)
                 + FAULT_HARMONIC_SHARE * np.sin(FAULT_HARMONIC * theta)
                 + sign * FAULT_IMPACT * np.exp(-since_impact / INTERVAL_MS))
    return amplitude * (shape + NOISE * noise)


REFERENCE = os.path.join(HERE, "..", "..", "src", "test", "resources", "vibration-shape-reference.csv")


def write_reference(rng):
    """Noise-free values of the formula above, which VibrationShapeTest holds the Java one to."""
    rows = ["# Written by conf/models/train_vibration_model.py: the `vibration` shape without noise, "
            "period 1000 ms, interval 20 ms, amplitude 1",
            "t_ms,phase,healthy,faulty"]
    times = np.concatenate([[0, 1, 124, 125, 126, 999, 1000], rng.integers(0, 2 ** 41, size=25)])
    for t in times:
        phase = float(rng.uniform(0, 2 * np.pi))
        healthy, faulty = (float(vibration(np.float64(t), phase, f, 0.0)) for f in (False, True))
        rows.append(f"{int(t)},{phase!r},{healthy!r},{faulty!r}")
    with open(REFERENCE, "w", encoding="utf-8") as out:
        out.write("\n".join(rows) + "\n")


def windows(rng, count, faulty, amplitude=AMPLITUDE, period_ms=PERIOD_MS):
    """Windows as the gateway builds them: WINDOW consecutive samples from a random start and phase.

    Start times are anywhere in a day, not on the interval grid, and each tick is a millisecond or
    so late or early, as a scheduled tick is.
    """
    start = rng.uniform(0, 86_400_000, size=(count, 1))
    jitter = rng.uniform(-1.0, 1.0, size=(count, WINDOW))
    t = start + np.arange(WINDOW) * INTERVAL_MS + jitter
    phase = rng.uniform(0, 2 * np.pi, size=(count, 1))
    noise = rng.standard_normal((count, WINDOW))
    return vibration(t, phase, faulty, noise, amplitude, period_ms).astype(np.float32)


# --- The autoencoder -----------------------------------------------------------------------------
# 32 → 16 tanh → 4 tanh (the bottleneck) → 16 tanh → 32: healthy windows span few dimensions (two
# harmonics at any phase), so four codes hold them and little else.
LAYERS = [WINDOW, 16, 4, 16, WINDOW]


def init(rng):
    params = []
    for n_in, n_out in zip(LAYERS[:-1], LAYERS[1:]):
        params.append(rng.normal(0, 1 / np.sqrt(n_in), size=(n_in, n_out)))
        params.append(np.zeros(n_out))
    return params


def forward(params, x):
    activations = [x]
    for i in range(0, len(params), 2):
        z = activations[-1] @ params[i] + params[i + 1]
        activations.append(z if i == len(params) - 2 else np.tanh(z))
    return activations


def gradients(params, x):
    activations = forward(params, x)
    delta = 2 * (activations[-1] - x) / x.size
    grads = [None] * len(params)
    for i in range(len(params) - 2, -1, -2):
        grads[i] = activations[i // 2].T @ delta
        grads[i + 1] = delta.sum(axis=0)
        if i:
            delta = (delta @ params[i].T) * (1 - activations[i // 2] ** 2)
    return grads


def train(rng, data, epochs=400, batch=256, rate=3e-3):
    params = init(rng)
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    step = 0
    for epoch in range(epochs):
        lr = rate * (0.5 * (1 + np.cos(np.pi * epoch / epochs)) + 0.01)
        order = rng.permutation(len(data))
        for start in range(0, len(data), batch):
            step += 1
            grads = gradients(params, data[order[start:start + batch]])
            for p, g, mi, vi in zip(params, grads, m, v):
                mi *= 0.9
                mi += 0.1 * g
                vi *= 0.999
                vi += 0.001 * g * g
                p -= lr * (mi / (1 - 0.9 ** step)) / (np.sqrt(vi / (1 - 0.999 ** step)) + 1e-8)
    return [p.astype(np.float32) for p in params]


def score_float(params, x):
    return np.mean((forward(params, x.astype(np.float64))[-1] - x) ** 2, axis=1, keepdims=True)


# --- Quantization ------------------------------------------------------------------------------

def quantize_weight(w):
    """Symmetric int8 per tensor: zero point 0, scale so that the largest weight is ±127."""
    scale = np.float32(np.abs(w).max() / 127.0)
    return np.clip(np.round(w / scale), -127, 127).astype(np.int8), scale


def dynamic_quantize(x):
    """ONNX DynamicQuantizeLinear: uint8 over [min(x, 0), max(x, 0)] of the whole tensor."""
    lo, hi = min(float(x.min()), 0.0), max(float(x.max()), 0.0)
    scale = np.float32((hi - lo) / 255.0) if hi > lo else np.float32(1.0)
    zero = np.uint8(np.clip(np.round(-lo / scale), 0, 255))
    q = np.clip(np.round(x / scale) + zero, 0, 255).astype(np.uint8)
    return q, scale, zero


def score_int8(params, x):
    """What the int8 graph computes, in numpy, for the printed summary (the Java benchmark measures the real one)."""
    h = x
    for i in range(0, len(params), 2):
        wq, ws = quantize_weight(params[i])
        hq, hs, hz = dynamic_quantize(h)
        acc = (hq.astype(np.int32) - np.int32(hz)) @ wq.astype(np.int32)
        z = acc.astype(np.float32) * np.float32(hs * ws) + params[i + 1]
        h = z if i == len(params) - 2 else np.tanh(z)
    return np.mean((h - x) ** 2, axis=1, keepdims=True)


# --- ONNX export -------------------------------------------------------------------------------
OPSET = 17


def score_nodes(reconstruction):
    return [
        helper.make_node("Sub", ["window", reconstruction], ["error"]),
        helper.make_node("Mul", ["error", "error"], ["squared"]),
        helper.make_node("ReduceMean", ["squared"], ["score"], axes=[1], keepdims=1),
    ]


def float_layer(i, x, w, b, last):
    out = f"z{i}" if last else f"h{i}"
    nodes = [helper.make_node("MatMul", [x, f"w{i}"], [f"m{i}"]),
             helper.make_node("Add", [f"m{i}", f"b{i}"], [f"z{i}"])]
    if not last:
        nodes.append(helper.make_node("Tanh", [f"z{i}"], [out]))
    return nodes, [numpy_helper.from_array(w, f"w{i}"), numpy_helper.from_array(b, f"b{i}")], out


def int8_layer(i, x, w, b, last):
    wq, ws = quantize_weight(w)
    out = f"z{i}" if last else f"h{i}"
    nodes = [
        helper.make_node("DynamicQuantizeLinear", [x], [f"x{i}_q", f"x{i}_scale", f"x{i}_zero"]),
        helper.make_node("MatMulInteger", [f"x{i}_q", f"w{i}_q", f"x{i}_zero", f"w{i}_zero"], [f"acc{i}"]),
        helper.make_node("Cast", [f"acc{i}"], [f"accf{i}"], to=TensorProto.FLOAT),
        helper.make_node("Mul", [f"x{i}_scale", f"w{i}_scale"], [f"scale{i}"]),
        helper.make_node("Mul", [f"accf{i}", f"scale{i}"], [f"m{i}"]),
        helper.make_node("Add", [f"m{i}", f"b{i}"], [f"z{i}"]),
    ]
    if not last:
        nodes.append(helper.make_node("Tanh", [f"z{i}"], [out]))
    weights = [numpy_helper.from_array(wq, f"w{i}_q"),
               numpy_helper.from_array(np.array(ws, dtype=np.float32), f"w{i}_scale"),
               numpy_helper.from_array(np.array(0, dtype=np.int8), f"w{i}_zero"),
               numpy_helper.from_array(b, f"b{i}")]
    return nodes, weights, out


def export(params, layer, name, doc):
    nodes, initializers, x = [], [], "window"
    count = len(params) // 2
    for i in range(count):
        more, weights, x = layer(i, x, params[2 * i], params[2 * i + 1], i == count - 1)
        nodes += more
        initializers += weights
    nodes += score_nodes(x)
    graph = helper.make_graph(
        nodes, "vibration_anomaly",
        [helper.make_tensor_value_info("window", TensorProto.FLOAT, ["N", WINDOW])],
        [helper.make_tensor_value_info("score", TensorProto.FLOAT, ["N", 1])],
        initializers)
    model = helper.make_model(graph, producer_name="outpost train_vibration_model.py",
                              opset_imports=[helper.make_opsetid("", OPSET)], doc_string=doc)
    onnx.checker.check_model(model, full_check=True)
    path = os.path.join(HERE, name)
    onnx.save(model, path)
    onnx.checker.check_model(path, full_check=True)
    return path


def main():
    rng = np.random.default_rng(SEED)
    train_windows = windows(rng, 20_000, faulty=False)
    params = train(rng, train_windows)

    healthy = windows(rng, 5_000, faulty=False)
    fault = windows(rng, 5_000, faulty=True)
    doc = (f"Vibration anomaly autoencoder {'-'.join(map(str, LAYERS))}: input `window` [N, {WINDOW}] of "
           f"`signal: vibration` (period {PERIOD_MS:g} ms, amplitude {AMPLITUDE:g}, interval {INTERVAL_MS:g} ms); "
           f"output `score` [N, 1], the window's mean squared reconstruction error.")
    for name, layer, kind in (("vibration-anomaly-float.onnx", float_layer, "float32 weights"),
                              ("vibration-anomaly-int8.onnx", int8_layer, "int8 weights, dynamic int8 activations")):
        path = export(params, layer, name, f"{doc} {kind}.")
        print(f"{name}: {os.path.getsize(path)} bytes, checked")

    rows = [("float", score_float), ("int8 (numpy)", score_int8)]
    for label, score in rows:
        h = one_by_one(score, params, healthy)
        f = one_by_one(score, params, fault)
        print(f"{label:13s} healthy p50 {np.median(h):.5f} p99.9 {np.quantile(h, 0.999):.5f} max {h.max():.5f}"
              f" | fault min {f.min():.5f} p0.1 {np.quantile(f, 0.001):.5f} p50 {np.median(f):.5f}")
    off_training(params)
    write_reference(np.random.default_rng(SEED + 2))
    print(f"{os.path.relpath(REFERENCE)}: the shape for VibrationShapeTest")
    return 0


def one_by_one(score, params, windows):
    return np.concatenate([score(params, w[None, :]) for w in windows]).ravel()


def off_training(params):
    """Highest int8 score of healthy windows of a machine a little off the one trained for (README.md)."""
    rng = np.random.default_rng(SEED + 1)
    cases = [(f"amplitude {a:g}", a, PERIOD_MS) for a in (0.8, 0.9, 1.1, 1.2)]
    cases += [(f"period {p:g} ms", AMPLITUDE, p) for p in (900.0, 950.0, 1050.0, 1100.0)]
    for label, amplitude, period_ms in cases:
        w = windows(rng, 2_000, False, amplitude, period_ms)
        print(f"  healthy, {label:16s} max {one_by_one(score_int8, params, w).max():.5f}")
    count = 2_000
    start = rng.uniform(0, 86_400_000, size=(count, 1))
    phase = rng.uniform(0, 2 * np.pi, size=(count, 1))
    ticks = start + np.arange(WINDOW + 1) * INTERVAL_MS
    missed = np.array([np.delete(row, rng.integers(1, WINDOW)) for row in ticks])
    jittered = ticks[:, :WINDOW] + rng.uniform(-5.0, 5.0, size=(count, WINDOW))
    for label, t in (("one tick missed", missed), ("5 ms jitter", jittered)):
        w = vibration(t, phase, False, rng.standard_normal((count, WINDOW))).astype(np.float32)
        print(f"  healthy, {label:16s} max {one_by_one(score_int8, params, w).max():.5f}")


if __name__ == "__main__":
    sys.exit(main())
