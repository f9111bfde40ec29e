#!/usr/bin/env python3
"""Generate PyTorch numerical-reference fixtures for Striate.

Usage:  npm run golden      (i.e. /usr/bin/python3 scripts/gen_golden.py)

Writes JSON files into test/fixtures/golden/.  Deterministic: fixed seeds,
float32 tensors, a single CPU thread.  See test/fixtures/golden/README.md for
the file format.
"""

import json
import math
import os
import random

import torch
import torch.nn.functional as F

torch.set_num_threads(1)
torch.set_default_dtype(torch.float32)
torch.use_deterministic_algorithms(True)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "test", "fixtures", "golden")
GENERATOR = f"torch {torch.__version__}"

# Seeds: main files and held-out files use different seeds.
MAIN_SEED = 20240601
HELDOUT_SEED = 97531


# ---------------------------------------------------------------- helpers

def num(v):
    """A float32 value as a JSON number with enough digits to round-trip."""
    v = float(v)
    if not math.isfinite(v):
        raise ValueError(f"non-finite value {v}")
    return float(f"{v:.9g}")


def T(t):
    """Tensor -> {"shape", "data"} (float32) or with "dtype": "int64"."""
    t = t.detach().cpu().contiguous()
    shape = list(t.shape)
    if t.dtype in (torch.int64, torch.int32, torch.long):
        return {"shape": shape, "dtype": "int64", "data": [int(v) for v in t.reshape(-1).tolist()]}
    if t.dtype != torch.float32:
        raise TypeError(f"unexpected dtype {t.dtype}")
    return {"shape": shape, "data": [num(v) for v in t.reshape(-1).tolist()]}


class Ctx:
    """Per-family randomness: python RNG for configs, torch generator for tensors."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.gen = torch.Generator().manual_seed(seed)

    def randn(self, *shape):
        return torch.randn(*shape, generator=self.gen, dtype=torch.float32)

    def rand(self, *shape):
        return torch.rand(*shape, generator=self.gen, dtype=torch.float32)

    def randint(self, high, *shape):
        return torch.randint(0, high, shape, generator=self.gen, dtype=torch.int64)


def run_case(ctx, name, op, inputs, fn, attrs, float_inputs=None, scalar=False):
    """Evaluate fn(**leaves), backprop sum(out*gy), record everything."""
    if float_inputs is None:
        float_inputs = [k for k, v in inputs.items() if v.is_floating_point()]
    leaves = {}
    for k, v in inputs.items():
        if k in float_inputs:
            leaves[k] = v.detach().clone().requires_grad_(True)
        else:
            leaves[k] = v
    out = fn(**leaves)
    case = {"name": name, "op": op, "inputs": {k: T(v) for k, v in inputs.items()}, "attrs": attrs}
    if scalar or out.dim() == 0:
        assert out.dim() == 0
        out.backward()
    else:
        gy = ctx.randn(*out.shape)
        (out * gy).sum().backward()
        case["gy"] = T(gy)
    case["output"] = T(out)
    case["grads"] = {k: T(leaves[k].grad) for k in float_inputs}
    return case


def write(fname, family, cases):
    os.makedirs(OUT_DIR, exist_ok=True)
    path = os.path.join(OUT_DIR, fname)
    doc = {"family": family, "generator": GENERATOR, "cases": cases}
    text = json.dumps(doc, separators=(",", ":"), allow_nan=False)
    with open(path, "w") as f:
        f.write(text)
        f.write("\n")
    print(f"{fname:34s} {len(cases):3d} cases {len(text) / 1024:8.1f} KiB")


def pair(ctx, lo, hi, square_p=0.6):
    a = ctx.rng.randint(lo, hi)
    if ctx.rng.random() < square_p:
        return [a, a]
    return [a, ctx.rng.randint(lo, hi)]


# ---------------------------------------------------------------- conv2d

def conv_out(n, k, s, p, d):
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


def gen_conv2d(seed, count, prefix):
    ctx = Ctx(seed)
    cases = []
    while len(cases) < count:
        r = ctx.rng
        kind = ["g1", "g2", "g1", "g3", "dw"][len(cases) % 5]
        if kind == "dw":
            C = r.randint(2, 4)
            groups = C
            OC = C * r.randint(1, 2)
        else:
            groups = {"g1": 1, "g2": 2, "g3": 3}[kind]
            C = groups * r.randint(1, 3 if groups == 1 else 2)
            OC = groups * r.randint(1, 3 if groups == 1 else 2)
        N = r.randint(1, 3)
        H, W = r.randint(3, 12), r.randint(3, 12)
        k = pair(ctx, 1, 5)
        s = [r.choice([1, 1, 2, 3])] * 2 if r.random() < 0.7 else [r.choice([1, 2, 3]), r.choice([1, 2, 3])]
        p = pair(ctx, 0, 2, 0.7)
        d = [r.choice([1, 1, 2])] * 2 if r.random() < 0.7 else [r.choice([1, 2]), r.choice([1, 2])]
        bias = r.random() < 0.7
        oh, ow = conv_out(H, k[0], s[0], p[0], d[0]), conv_out(W, k[1], s[1], p[1], d[1])
        if oh < 1 or ow < 1:
            continue
        # keep the fixture small
        if N * C * H * W > 500 or N * OC * oh * ow > 300:
            continue
        x = ctx.randn(N, C, H, W)
        w = ctx.randn(OC, C // groups, k[0], k[1])
        inputs = {"x": x, "w": w}
        if bias:
            inputs["b"] = ctx.randn(OC)
        attrs = {"stride": s, "padding": p, "dilation": d, "groups": groups}

        def fn(x, w, b=None, attrs=attrs):
            return F.conv2d(x, w, b, stride=attrs["stride"], padding=attrs["padding"],
                            dilation=attrs["dilation"], groups=attrs["groups"])

        cases.append(run_case(ctx, f"{prefix}_{len(cases):03d}", "conv2d", inputs, fn, attrs))
    return cases


# ---------------------------------------------------------------- pooling

def pool_out(n, k, s, p, d, ceil):
    # PyTorch pooling_output_shape
    num_ = n + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil else 0)
    o = num_ // s + 1
    if ceil and (o - 1) * s >= n + p:
        o -= 1
    return o


def gen_max_pool2d(seed, count, prefix):
    ctx = Ctx(seed)
    cases = []
    while len(cases) < count:
        r = ctx.rng
        N, C = r.randint(1, 2), r.randint(1, 3)
        H, W = r.randint(2, 12), r.randint(2, 12)
        k = pair(ctx, 1, 4)
        s = pair(ctx, 1, 3, 0.7) if r.random() < 0.7 else list(k)
        p = [r.randint(0, k[0] // 2), r.randint(0, k[1] // 2)] if r.random() < 0.5 else [0, 0]
        d = pair(ctx, 1, 2, 0.7) if r.random() < 0.4 else [1, 1]
        ceil = r.random() < 0.4
        oh = pool_out(H, k[0], s[0], p[0], d[0], ceil)
        ow = pool_out(W, k[1], s[1], p[1], d[1], ceil)
        if oh < 1 or ow < 1:
            continue
        if N * C * H * W > 300:
            continue
        x = ctx.randn(N, C, H, W)
        attrs = {"kernelSize": k, "stride": s, "padding": p, "dilation": d, "ceilMode": ceil}

        def fn(x, attrs=attrs):
            return F.max_pool2d(x, attrs["kernelSize"], stride=attrs["stride"], padding=attrs["padding"],
                                dilation=attrs["dilation"], ceil_mode=attrs["ceilMode"])

        try:
            with torch.no_grad():
                o = fn(x)
        except RuntimeError:
            continue
        if not torch.isfinite(o).all() or list(o.shape[2:]) != [oh, ow]:
            continue
        cases.append(run_case(ctx, f"{prefix}_{len(cases):03d}", "max_pool2d", {"x": x}, fn, attrs))
    return cases


def gen_avg_pool2d(seed, count, prefix):
    ctx = Ctx(seed)
    cases = []
    while len(cases) < count:
        r = ctx.rng
        N, C = r.randint(1, 2), r.randint(1, 3)
        H, W = r.randint(2, 12), r.randint(2, 12)
        k = pair(ctx, 1, 4)
        s = pair(ctx, 1, 3, 0.7) if r.random() < 0.7 else list(k)
        p = [r.randint(0, k[0] // 2), r.randint(0, k[1] // 2)] if r.random() < 0.6 else [0, 0]
        ceil = r.random() < 0.4
        cip = r.random() < 0.6
        div = r.randint(1, 9) if r.random() < 0.2 else None
        oh = pool_out(H, k[0], s[0], p[0], 1, ceil)
        ow = pool_out(W, k[1], s[1], p[1], 1, ceil)
        if oh < 1 or ow < 1:
            continue
        if N * C * H * W > 300:
            continue
        x = ctx.randn(N, C, H, W)
        attrs = {"kernelSize": k, "stride": s, "padding": p, "ceilMode": ceil,
                 "countIncludePad": cip, "divisorOverride": div}

        def fn(x, attrs=attrs):
            return F.avg_pool2d(x, attrs["kernelSize"], stride=attrs["stride"], padding=attrs["padding"],
                                ceil_mode=attrs["ceilMode"], count_include_pad=attrs["countIncludePad"],
                                divisor_override=attrs["divisorOverride"])

        try:
            with torch.no_grad():
                o = fn(x)
        except RuntimeError:
            continue
        if not torch.isfinite(o).all() or list(o.shape[2:]) != [oh, ow]:
            continue
        cases.append(run_case(ctx, f"{prefix}_{len(cases):03d}", "avg_pool2d", {"x": x}, fn, attrs))
    return cases


def gen_adaptive_avg_pool2d(seed, count, prefix):
    ctx = Ctx(seed)
    cases = []
    while len(cases) < count:
        r = ctx.rng
        N, C = r.randint(1, 2), r.randint(1, 3)
        H, W = r.randint(1, 12), r.randint(1, 12)
        mode = r.random()
        if mode < 0.2:  # global pooling
            os_ = [1, 1]
        elif mode < 0.35 and H > 1 and W > 1:  # divisible
            divs_h = [q for q in range(1, H + 1) if H % q == 0]
            divs_w = [q for q in range(1, W + 1) if W % q == 0]
            os_ = [r.choice(divs_h), r.choice(divs_w)]
        elif mode < 0.45:  # larger than input
            os_ = [r.randint(H, H + 3), r.randint(W, W + 3)]
        else:
            os_ = [r.randint(1, max(1, H)), r.randint(1, max(1, W))]
        if N * C * H * W > 300:
            continue
        x = ctx.randn(N, C, H, W)
        attrs = {"outputSize": os_}

        def fn(x, attrs=attrs):
            return F.adaptive_avg_pool2d(x, attrs["outputSize"])

        cases.append(run_case(ctx, f"{prefix}_{len(cases):03d}", "adaptive_avg_pool2d", {"x": x}, fn, attrs))
    return cases


# ---------------------------------------------------------------- linear

def gen_linear(seed, count, prefix):
    ctx = Ctx(seed)
    cases = []
    while len(cases) < count:
        r = ctx.rng
        rank = r.choice([2, 2, 3])
        inf, outf = r.randint(1, 10), r.randint(1, 8)
        lead = [r.randint(1, 5)] if rank == 2 else [r.randint(1, 3), r.randint(1, 4)]
        bias = r.random() < 0.7
        x = ctx.randn(*lead, inf)
        w = ctx.randn(outf, inf)
        inputs = {"x": x, "w": w}
        if bias:
            inputs["b"] = ctx.randn(outf)

        def fn(x, w, b=None):
            return F.linear(x, w, b)

        cases.append(run_case(ctx, f"{prefix}_{len(cases):03d}", "linear", inputs, fn, {}))
    return cases


# ---------------------------------------------------------------- losses

REDUCTIONS = ["mean", "sum", "none"]


def ce_case(ctx, name, i):
    r = ctx.rng
    red = REDUCTIONS[i % 3]
    kdim = r.random() < 0.3
    C = r.randint(2, 6)
    N = r.randint(1, 5)
    if kdim:
        N = r.randint(1, 2)
        H, W = r.randint(1, 3), r.randint(1, 3)
        x = ctx.randn(N, C, H, W)
        t = ctx.randint(C, N, H, W)
    else:
        x = ctx.randn(N, C)
        t = ctx.randint(C, N)
    ls = r.choice([0.0, 0.0, 0.1, 0.25])
    weight = ctx.rand(C) * 1.5 + 0.25 if r.random() < 0.35 else None
    attrs = {"reduction": red, "labelSmoothing": ls}
    if weight is not None:
        attrs["weight"] = T(weight)

    def fn(input, target, weight=weight, attrs=attrs):
        return F.cross_entropy(input, target, weight=weight, reduction=attrs["reduction"],
                               label_smoothing=attrs["labelSmoothing"])

    return run_case(ctx, name, "cross_entropy", {"input": x, "target": t}, fn, attrs, float_inputs=["input"])


def gen_cross_entropy(seed, count, prefix):
    ctx = Ctx(seed)
    return [ce_case(ctx, f"{prefix}_{i:03d}", i) for i in range(count)]


def gen_other_losses(seed):
    ctx = Ctx(seed)
    r = ctx.rng
    cases = []

    def nm(op):
        return f"{op}_{sum(1 for c in cases if c['op'] == op):03d}"

    # nll_loss: input are log-probabilities (a leaf tensor)
    for i in range(6):
        red = REDUCTIONS[i % 3]
        C, N = r.randint(2, 6), r.randint(1, 5)
        kdim = i >= 4
        if kdim:
            lp = F.log_softmax(ctx.randn(2, C, 2, 3), dim=1)
            t = ctx.randint(C, 2, 2, 3)
        else:
            lp = F.log_softmax(ctx.randn(N, C), dim=1)
            t = ctx.randint(C, N)
        weight = ctx.rand(C) * 1.5 + 0.25 if i in (1, 2, 5) else None
        attrs = {"reduction": red}
        if weight is not None:
            attrs["weight"] = T(weight)

        def fn(input, target, weight=weight, attrs=attrs):
            return F.nll_loss(input, target, weight=weight, reduction=attrs["reduction"])

        cases.append(run_case(ctx, nm("nll_loss"), "nll_loss", {"input": lp, "target": t}, fn, attrs,
                              float_inputs=["input"]))

    # binary_cross_entropy_with_logits: target is a float in [0,1] (hard 0/1 or soft)
    for i in range(6):
        red = REDUCTIONS[i % 3]
        N, C = r.randint(1, 4), r.randint(1, 5)
        x = ctx.randn(N, C) * 2
        t = ctx.rand(N, C) if i % 2 == 0 else (ctx.rand(N, C) < 0.5).float()
        pw = ctx.rand(C) * 2 + 0.5 if i >= 3 else None
        attrs = {"reduction": red}
        if pw is not None:
            attrs["posWeight"] = T(pw)

        def fn(input, target, pw=pw, attrs=attrs):
            return F.binary_cross_entropy_with_logits(input, target, pos_weight=pw, reduction=attrs["reduction"])

        cases.append(run_case(ctx, nm("binary_cross_entropy_with_logits"), "binary_cross_entropy_with_logits",
                              {"input": x, "target": t}, fn, attrs))

    # mse / l1 / smooth_l1 (grads for both input and target)
    for op in ["mse_loss", "l1_loss", "smooth_l1_loss"]:
        for i in range(6 if op == "smooth_l1_loss" else 3):
            red = REDUCTIONS[i % 3]
            shape = [r.randint(1, 4), r.randint(1, 5)]
            if r.random() < 0.3:
                shape.append(r.randint(1, 3))
            x, t = ctx.randn(*shape), ctx.randn(*shape)
            attrs = {"reduction": red}
            if op == "smooth_l1_loss":
                attrs["beta"] = [1.0, 0.5, 2.0, 0.25, 1.0, 0.1][i]

            if op == "mse_loss":
                def fn(input, target, attrs=attrs):
                    return F.mse_loss(input, target, reduction=attrs["reduction"])
            elif op == "l1_loss":
                def fn(input, target, attrs=attrs):
                    return F.l1_loss(input, target, reduction=attrs["reduction"])
            else:
                def fn(input, target, attrs=attrs):
                    return F.smooth_l1_loss(input, target, reduction=attrs["reduction"], beta=attrs["beta"])

            cases.append(run_case(ctx, nm(op), op, {"input": x, "target": t}, fn, attrs))
    return cases


# ---------------------------------------------------------------- activations

def gen_activations(seed):
    ctx = Ctx(seed)
    r = ctx.rng
    cases = []

    def rshape():
        rank = r.randint(1, 4)
        return [r.randint(1, 5) for _ in range(rank)]

    for op in ["relu", "leaky_relu", "sigmoid", "tanh", "softmax", "log_softmax", "erf"]:
        for i in range(6):
            shape = rshape()
            x = ctx.randn(*shape) * (3 if op in ("sigmoid", "tanh", "softmax", "log_softmax", "erf") and i % 2 else 1)
            if op == "relu":
                attrs = {}
                fn = lambda x: F.relu(x)  # noqa: E731
            elif op == "leaky_relu":
                attrs = {"negativeSlope": [0.01, 0.2, 0.1, 0.3, 0.01, 0.05][i]}
                fn = lambda x, a=attrs: F.leaky_relu(x, negative_slope=a["negativeSlope"])  # noqa: E731
            elif op == "sigmoid":
                attrs = {}
                fn = lambda x: torch.sigmoid(x)  # noqa: E731
            elif op == "tanh":
                attrs = {}
                fn = lambda x: torch.tanh(x)  # noqa: E731
            elif op == "erf":
                attrs = {}
                fn = lambda x: torch.erf(x)  # noqa: E731
            else:
                rank = len(shape)
                dim = r.randint(0, rank - 1)
                if i % 3 == 2:
                    dim -= rank  # negative dim
                if i == 0:
                    dim = -1
                attrs = {"dim": dim}
                f = F.softmax if op == "softmax" else F.log_softmax
                fn = lambda x, a=attrs, f=f: f(x, dim=a["dim"])  # noqa: E731
            n = sum(1 for c in cases if c["op"] == op)
            cases.append(run_case(ctx, f"{op}_{n:03d}", op, {"x": x}, fn, attrs))
    return cases


# ---------------------------------------------------------------- optimisers

def gen_optim(seed):
    ctx = Ctx(seed)
    configs = [
        ("sgd", "sgd_plain", {"lr": 0.1, "momentum": 0.0, "dampening": 0.0, "nesterov": False, "weightDecay": 0.0}),
        ("sgd", "sgd_momentum", {"lr": 0.1, "momentum": 0.9, "dampening": 0.0, "nesterov": False, "weightDecay": 0.0}),
        ("sgd", "sgd_nesterov_wd", {"lr": 0.1, "momentum": 0.9, "dampening": 0.0, "nesterov": True, "weightDecay": 1e-2}),
        ("adam", "adam", {"lr": 1e-3, "betas": [0.9, 0.999], "eps": 1e-8, "weightDecay": 0.0, "amsgrad": False}),
        ("adam", "adam_wd", {"lr": 1e-3, "betas": [0.9, 0.999], "eps": 1e-8, "weightDecay": 1e-2, "amsgrad": False}),
        ("adamw", "adamw", {"lr": 1e-2, "betas": [0.9, 0.999], "eps": 1e-8, "weightDecay": 1e-2, "amsgrad": False}),
        ("rmsprop", "rmsprop", {"lr": 1e-2, "alpha": 0.99, "eps": 1e-8, "weightDecay": 0.0, "momentum": 0.0,
                                "centered": False}),
        ("rmsprop", "rmsprop_momentum_centered", {"lr": 1e-2, "alpha": 0.99, "eps": 1e-8, "weightDecay": 0.0,
                                                  "momentum": 0.9, "centered": True}),
    ]
    cases = []
    for op, name, a in configs:
        p0 = ctx.randn(3, 4)
        grads = [ctx.randn(3, 4) for _ in range(3)]
        p = p0.clone().requires_grad_(True)
        if op == "sgd":
            opt = torch.optim.SGD([p], lr=a["lr"], momentum=a["momentum"], dampening=a["dampening"],
                                  nesterov=a["nesterov"], weight_decay=a["weightDecay"])
        elif op == "adam":
            opt = torch.optim.Adam([p], lr=a["lr"], betas=tuple(a["betas"]), eps=a["eps"],
                                   weight_decay=a["weightDecay"], amsgrad=a["amsgrad"])
        elif op == "adamw":
            opt = torch.optim.AdamW([p], lr=a["lr"], betas=tuple(a["betas"]), eps=a["eps"],
                                    weight_decay=a["weightDecay"], amsgrad=a["amsgrad"])
        else:
            opt = torch.optim.RMSprop([p], lr=a["lr"], alpha=a["alpha"], eps=a["eps"],
                                      weight_decay=a["weightDecay"], momentum=a["momentum"], centered=a["centered"])
        params = []
        for g in grads:
            opt.zero_grad()
            p.grad = g.clone()
            opt.step()
            params.append(T(p.detach().clone()))
        cases.append({"name": name, "op": op, "attrs": a, "param": T(p0),
                      "grads": [T(g) for g in grads], "params": params})
    return cases


# ---------------------------------------------------------------- LR schedules

def gen_schedules():
    base_lr = 0.1
    epochs = 12
    configs = [
        ("step_lr", "StepLR", {"stepSize": 3, "gamma": 0.5},
         lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5)),
        ("cosine_annealing_lr", "CosineAnnealingLR", {"tMax": 10, "etaMin": 1e-4},
         lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=10, eta_min=1e-4)),
        ("linear_lr_warmup", "LinearLR", {"startFactor": 0.1, "endFactor": 1.0, "totalIters": 4},
         lambda o: torch.optim.lr_scheduler.LinearLR(o, start_factor=0.1, end_factor=1.0, total_iters=4)),
    ]
    cases = []
    for name, sched, attrs, make in configs:
        p = torch.zeros(1, requires_grad=True)
        opt = torch.optim.SGD([p], lr=base_lr)
        s = make(opt)
        lrs = []
        for _ in range(epochs):
            lrs.append(float(opt.param_groups[0]["lr"]))  # lr used during this epoch
            opt.step()
            s.step()
        cases.append({"name": name, "op": sched, "attrs": attrs, "baseLr": base_lr, "epochs": epochs, "lrs": lrs})
    return cases


# ---------------------------------------------------------------- main

def main():
    print(GENERATOR)
    write("conv2d.json", "conv2d", gen_conv2d(MAIN_SEED + 1, 32, "conv2d"))
    write("conv2d.heldout.json", "conv2d", gen_conv2d(HELDOUT_SEED + 1, 8, "conv2d_heldout"))
    write("max_pool2d.json", "max_pool2d", gen_max_pool2d(MAIN_SEED + 2, 32, "max_pool2d"))
    write("max_pool2d.heldout.json", "max_pool2d", gen_max_pool2d(HELDOUT_SEED + 2, 8, "max_pool2d_heldout"))
    write("avg_pool2d.json", "avg_pool2d", gen_avg_pool2d(MAIN_SEED + 3, 32, "avg_pool2d"))
    write("avg_pool2d.heldout.json", "avg_pool2d", gen_avg_pool2d(HELDOUT_SEED + 3, 8, "avg_pool2d_heldout"))
    write("adaptive_avg_pool2d.json", "adaptive_avg_pool2d",
          gen_adaptive_avg_pool2d(MAIN_SEED + 4, 30, "adaptive_avg_pool2d"))
    write("linear.json", "linear", gen_linear(MAIN_SEED + 5, 28, "linear"))
    write("linear.heldout.json", "linear", gen_linear(HELDOUT_SEED + 5, 7, "linear_heldout"))
    losses = gen_cross_entropy(MAIN_SEED + 6, 24, "cross_entropy") + gen_other_losses(MAIN_SEED + 7)
    write("losses.json", "losses", losses)
    write("losses.heldout.json", "losses", gen_cross_entropy(HELDOUT_SEED + 6, 6, "cross_entropy_heldout"))
    write("activations.json", "activations", gen_activations(MAIN_SEED + 8))
    write("optim.json", "optim", gen_optim(MAIN_SEED + 9))
    write("schedules.json", "schedules", gen_schedules())
    total = sum(os.path.getsize(os.path.join(OUT_DIR, f)) for f in os.listdir(OUT_DIR) if f.endswith(".json"))
    print(f"total {total / 1024:.1f} KiB")


if __name__ == "__main__":
    main()
