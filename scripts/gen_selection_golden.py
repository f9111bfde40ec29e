#!/usr/bin/env python3
"""Generate PyTorch fixtures for Striate's selection ops: topk, nonzero, masked_select, unique,
searchsorted.

Usage:  /usr/bin/python3 scripts/gen_selection_golden.py

Writes test/fixtures/golden/selection.json (deterministic: fixed seeds, one CPU thread). Unlike the
fixtures of gen_golden.py, inputs hold special values (NaN, +-Infinity, -0) and many ties, so float
data is written with the strings "nan", "inf", "-inf" and "-0" where JSON has no number for them (see
test/fixtures/golden/README.md).

What is PyTorch's and what is Striate's stated rule (src/engine/order.ts):
- topk: `values` are torch.topk's. Its indices on ties are in no stated order (torch 1.13's CPU path
  gives e.g. [1, 7, 5] for three equal maxima), so `indices` are those of
  torch.sort(x, dim, descending=largest, stable=True)[:k], i.e. equal values lower index first; the
  script checks that both give the same values. For sorted=False the k indices are ascending.
- unique: torch.unique(sorted=True) on the non-NaN entries, with all NaNs as one value after them
  (np.unique's equal_nan=True; torch 1.13 returns each NaN with a count of 0 and inverse indices of
  other values). The zero returned is torch's (x's first zero: -0 or +0). Checked against np.unique.
- searchsorted: torch.searchsorted on the numbers of `sorted` (NaNs rank above them all), and NaN
  queries before the first NaN of `sorted` (left) or after the last (right). torch compares with NaN
  as IEEE does, so with NaNs in `sorted` it may place a number after them (1.5 in [-0.5, 0, 1.5, nan],
  right: 4) and a NaN query after every entry.
- nonzero and masked_select (with the gradient of sum(out * gy) w.r.t. x) are PyTorch's as they are.
"""

import json
import math
import os
import random

import numpy as np
import torch

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_PATH = os.path.join(ROOT, "test", "fixtures", "golden", "selection.json")
GENERATOR = f"torch {torch.__version__}"
SEED = 20240917

DTYPES = {torch.float32: "float32", torch.int32: "int32", torch.int64: "int32", torch.uint8: "uint8", torch.bool: "bool"}


def num(v):
    """A float32 value as a JSON number, or a string for NaN, +-Infinity and -0."""
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == 0 and math.copysign(1.0, v) < 0:
        return "-0"
    return float(f"{v:.9g}")


def T(t):
    """Tensor -> {"shape", "dtype", "data"}; int64 is written as int32 (Striate's index dtype)."""
    t = t.detach().cpu().contiguous()
    dtype = DTYPES[t.dtype]
    flat = t.reshape(-1).tolist()
    data = [num(v) for v in flat] if dtype == "float32" else [int(v) for v in flat]
    return {"shape": list(t.shape), "dtype": dtype, "data": data}


class Ctx:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.gen = torch.Generator().manual_seed(seed)

    def shape(self, min_rank=1, max_rank=3, max_dim=6, zero_p=0.0):
        rank = self.rng.randint(min_rank, max_rank)
        return [0 if self.rng.random() < zero_p else self.rng.randint(1, max_dim) for _ in range(rank)]

    def floats(self, shape, levels=None, special_p=0.0):
        """Floats; with `levels`, a few half-integers (many ties); specials sprinkled with special_p."""
        if levels is not None:
            x = torch.randint(-levels, levels + 1, shape, generator=self.gen).to(torch.float32) / 2
        else:
            x = torch.randn(tuple(shape), generator=self.gen, dtype=torch.float32)
        specials = [float("nan"), float("nan"), float("inf"), float("-inf"), 0.0, -0.0, -0.0]
        flat = x.reshape(-1)
        for i in range(flat.numel()):
            if self.rng.random() < special_p:
                flat[i] = self.rng.choice(specials)
        return flat.reshape(shape)

    def ints(self, shape, lo, hi, dtype=torch.int32):
        return torch.randint(lo, hi, shape, generator=self.gen).to(dtype)


def gen_topk(ctx, count):
    cases = []
    for i in range(count):
        shape = ctx.shape(1, 3, 9)
        kind = i % 4
        if kind == 3:
            x = ctx.ints(shape, -4, 5)
        else:
            x = ctx.floats(shape, levels=3 if kind != 1 else None, special_p=0.3 if kind != 2 else 0.0)
        axis = ctx.rng.randint(-len(shape), len(shape) - 1)
        n = shape[axis]
        k = 0 if i % 10 == 9 else ctx.rng.choice([1, n, ctx.rng.randint(1, n), ctx.rng.randint(1, n)])
        largest = ctx.rng.random() < 0.6
        sorted_ = ctx.rng.random() < 0.7
        values = torch.topk(x, k, dim=axis, largest=largest, sorted=True).values
        order = torch.sort(x, dim=axis, descending=largest, stable=True)
        idx = order.indices.narrow(axis, 0, k)
        stable_values = order.values.narrow(axis, 0, k)
        assert torch.equal(torch.nan_to_num(values, nan=7e7), torch.nan_to_num(stable_values, nan=7e7)), "topk and stable sort disagree"
        if not sorted_:
            idx = torch.sort(idx, dim=axis).values
        cases.append({
            "name": f"topk_{i:03d}", "op": "topk", "inputs": {"x": T(x)},
            "attrs": {"k": k, "axis": axis, "largest": largest, "sorted": sorted_},
            "outputs": {"values": T(torch.gather(x, axis, idx)), "indices": T(idx)},
        })
    return cases


def gen_nonzero(ctx, count):
    cases = []
    for i in range(count):
        shape = ctx.shape(0 if i % 7 == 0 else 1, 4, 5, zero_p=0.05)
        kind = i % 4
        if kind == 0:
            x = ctx.floats(shape, levels=1, special_p=0.25)
        elif kind == 1:
            x = ctx.ints(shape, -1, 2)
        elif kind == 2:
            x = ctx.ints(shape, 0, 2, torch.bool)
        else:
            x = torch.zeros(shape) if i % 8 == 3 else ctx.ints(shape, 0, 3, torch.uint8)
        cases.append({"name": f"nonzero_{i:03d}", "op": "nonzero", "inputs": {"x": T(x)}, "attrs": {},
                      "outputs": {"indices": T(torch.nonzero(x))}})
    return cases


def gen_masked_select(ctx, count):
    cases = []
    for i in range(count):
        shape = ctx.shape(1, 3, 5)
        mshape = [d if ctx.rng.random() < 0.6 else 1 for d in shape][ctx.rng.randint(0, len(shape) - 1):]
        if ctx.rng.random() < 0.3:  # the mask broadcasts x instead
            shape, mshape = [d if ctx.rng.random() < 0.5 else 1 for d in shape][1:], shape
        x = ctx.floats(shape).requires_grad_(True)
        mask = torch.zeros(mshape, dtype=torch.bool) if i % 6 == 5 else ctx.ints(mshape, 0, 2, torch.bool)
        out = torch.masked_select(x, mask)
        gy = ctx.floats(list(out.shape))
        (out * gy).sum().backward()
        cases.append({"name": f"masked_select_{i:03d}", "op": "masked_select", "inputs": {"x": T(x), "mask": T(mask)},
                      "attrs": {}, "gy": T(gy), "outputs": {"values": T(out)}, "grads": {"x": T(x.grad)}})
    return cases


def unique_with_one_nan(x):
    """torch.unique (sorted, inverse, counts) with every NaN as one value after all others."""
    flat = x.reshape(-1)
    nan = torch.isnan(flat) if flat.is_floating_point() else torch.zeros_like(flat, dtype=torch.bool)
    values, inv, counts = torch.unique(flat[~nan], sorted=True, return_inverse=True, return_counts=True)
    inverse = torch.full(flat.shape, len(values), dtype=torch.int64)
    inverse[~nan] = inv
    if nan.any():
        values = torch.cat([values, torch.tensor([float("nan")])])
        counts = torch.cat([counts, nan.sum().reshape(1)])
    ref = np.unique(flat.numpy(), equal_nan=True)
    assert np.array_equal(ref, values.numpy(), equal_nan=True), "torch and numpy disagree"
    return values, inverse.reshape(x.shape), counts


def gen_unique(ctx, count):
    cases = []
    for i in range(count):
        shape = ctx.shape(0 if i % 9 == 0 else 1, 3, 8, zero_p=0.05)
        kind = i % 4
        if kind == 0:
            x = ctx.floats(shape, levels=4, special_p=0.4)
        elif kind == 1:
            x = ctx.floats(shape, levels=20)
        elif kind == 2:
            x = ctx.ints(shape, -6, 7)
        else:
            x = ctx.ints(shape, 0, 2, torch.bool) if i % 8 == 3 else ctx.ints(shape, 250, 256, torch.uint8)
        values, inverse, counts = unique_with_one_nan(x)
        cases.append({"name": f"unique_{i:03d}", "op": "unique", "inputs": {"x": T(x)}, "attrs": {},
                      "outputs": {"values": T(values), "inverse": T(inverse), "counts": T(counts)}})
    return cases


def gen_searchsorted(ctx, count):
    cases = []
    for i in range(count):
        n = ctx.rng.randint(0, 9)
        if i % 2 == 0:
            seq = torch.sort(ctx.floats([n], levels=3, special_p=0.2)).values  # NaNs last, as torch sorts
            qs = ctx.floats(ctx.shape(1, 2, 5), levels=4, special_p=0.2)
        else:
            seq = torch.sort(ctx.ints([n], -5, 6)).values
            qs = ctx.ints(ctx.shape(1, 2, 5), -6, 7)
        right = ctx.rng.random() < 0.5
        if seq.is_floating_point():  # numbers go before seq's NaNs; NaN queries before (left) or after (right) them
            first_nan = int((~torch.isnan(seq)).sum())
            out = torch.searchsorted(seq[:first_nan], qs, right=right).to(torch.int64)
            out[torch.isnan(qs)] = n if right else first_nan
        else:
            out = torch.searchsorted(seq, qs, right=right).to(torch.int64)
        cases.append({"name": f"searchsorted_{i:03d}", "op": "searchsorted", "inputs": {"sorted": T(seq), "values": T(qs)},
                      "attrs": {"right": right}, "outputs": {"indices": T(out)}})
    return cases


def main():
    ctx = Ctx(SEED)
    cases = gen_topk(ctx, 40) + gen_nonzero(ctx, 24) + gen_masked_select(ctx, 18) + gen_unique(ctx, 28) + gen_searchsorted(ctx, 16)
    doc = {"family": "selection", "generator": GENERATOR, "cases": cases}
    text = json.dumps(doc, separators=(",", ":"), allow_nan=False)
    with open(OUT_PATH, "w") as f:
        f.write(text)
        f.write("\n")
    print(f"{GENERATOR}: selection.json {len(cases)} cases {len(text) / 1024:.1f} KiB")


if __name__ == "__main__":
    main()
