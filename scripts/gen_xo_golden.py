#!/usr/bin/env python3
"""PyTorch reference for the X-or-X case study (`striate xo`).

Usage:  /usr/bin/python3 scripts/gen_xo_golden.py

Writes test/fixtures/golden/xo_feature_maps.json: the two 9x9 +-1 images, the three 3x3 filters
(drawn here independently of the TypeScript source, from the same pictures), and
F.conv2d(images, filters) / 9 (valid, stride 1) -> [2, 3, 7, 7], plus the hand-countable integer
sums Sum(filter * window) -> [2, 3, 7, 7]. Deterministic: no randomness.
"""

import json
import os

import torch
import torch.nn.functional as F

torch.set_num_threads(1)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures", "golden", "xo_feature_maps.json")


def picture(rows):
    """'X' -> +1, '.' -> -1, one string per row (spaces ignored)."""
    return [[1.0 if ch == "X" else -1.0 for ch in row.replace(" ", "")] for row in rows]


CLEAN_X = picture([
    ". . . . . . . . .",
    ". X . . . . . X .",
    ". . X . . . X . .",
    ". . . X . X . . .",
    ". . . . X . . . .",
    ". . . X . X . . .",
    ". . X . . . X . .",
    ". X . . . . . X .",
    ". . . . . . . . .",
])
DEFORMED_X = picture([
    ". . . . . . . . .",
    ". . X . . . . X .",
    ". . . X . . . X .",
    ". . . . X . X . .",
    ". . . . . X . . .",
    ". . . . X . X . .",
    ". . X X . . . X .",
    ". . X . . . . X .",
    ". . . . . . . . .",
])
FILTERS = {
    "diagonal": picture(["X . .", ". X .", ". . X"]),
    "crossing": picture(["X . X", ". X .", "X . X"]),
    "anti-diagonal": picture([". . X", ". X .", "X . ."]),
}


def flat(t):
    return [float(f"{float(v):.9g}") for v in t.reshape(-1).tolist()]


def main():
    x = torch.tensor([CLEAN_X, DEFORMED_X], dtype=torch.float32).unsqueeze(1)  # [2, 1, 9, 9]
    w = torch.tensor(list(FILTERS.values()), dtype=torch.float32).unsqueeze(1)  # [3, 1, 3, 3]
    sums = F.conv2d(x, w)  # [2, 3, 7, 7], integers in [-9, 9]
    maps = sums / 9.0
    doc = {
        "family": "xo_feature_maps",
        "generator": f"torch {torch.__version__}",
        "image_names": ["clean X", "deformed X"],
        "filter_names": list(FILTERS.keys()),
        "images": {"shape": list(x.shape), "data": flat(x)},
        "filters": {"shape": list(w.shape), "data": flat(w)},
        "sums": {"shape": list(sums.shape), "data": [int(v) for v in sums.reshape(-1).tolist()]},
        "maps": {"shape": list(maps.shape), "data": flat(maps)},
    }
    with open(OUT, "w") as f:
        f.write(json.dumps(doc, separators=(",", ":")) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
