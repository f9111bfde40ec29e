#!/usr/bin/env python3
"""Read or write safetensors files with only the standard library and torch.

Usage:
  read_safetensors.py FILE          print a JSON summary of FILE: metadata and, per tensor,
                                    dtype, shape, sum and (for small tensors) the values
  read_safetensors.py --write OUT   write a fixed set of test tensors to OUT and print the
                                    same summary of what was written

The header is parsed by hand (8-byte little-endian length, JSON, raw little-endian data):
Debian ships no `safetensors` package. Int64 values and sums are printed as strings so that
JSON readers without 64-bit integers keep them exact.
"""
import json
import struct
import sys

import torch

DTYPES = {
    "F32": torch.float32,
    "F64": torch.float64,
    "I32": torch.int32,
    "I64": torch.int64,
    "U8": torch.uint8,
    "BOOL": torch.bool,
}
NAMES = {v: k for k, v in DTYPES.items()}
ELEMENT_BYTES = {"F32": 4, "F64": 8, "I32": 4, "I64": 8, "U8": 1, "BOOL": 1}
MAX_LISTED = 64


def fail(path, message):
    sys.exit(f"{path}: {message}")


def read(path):
    """Returns (tensors, metadata) from the safetensors file at `path`."""
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 8:
        fail(path, "too short for a header length")
    (header_len,) = struct.unpack("<Q", raw[:8])
    if 8 + header_len > len(raw):
        fail(path, f"header length {header_len} runs past the end of the file")
    header = json.loads(raw[8 : 8 + header_len].decode("utf-8"))
    data = raw[8 + header_len :]
    metadata = header.pop("__metadata__", {}) or {}
    tensors = {}
    for name, info in header.items():
        dtype = info["dtype"]
        if dtype not in DTYPES:
            fail(path, f'tensor "{name}": unsupported dtype {dtype}')
        shape = list(info["shape"])
        begin, end = info["data_offsets"]
        numel = 1
        for d in shape:
            numel *= d
        if end - begin != numel * ELEMENT_BYTES[dtype] or end > len(data):
            fail(path, f'tensor "{name}": bad data_offsets [{begin}, {end}]')
        if numel == 0:
            t = torch.empty(shape, dtype=DTYPES[dtype])
        else:
            # bytearray: a private, writable copy, so frombuffer never aliases `raw`.
            t = torch.frombuffer(bytearray(data[begin:end]), dtype=DTYPES[dtype]).reshape(shape)
        tensors[name] = t
    return tensors, metadata


def summarize(tensors, metadata):
    """A JSON-friendly summary: dtype, shape, sum and small tensors' values."""
    out = {}
    for name, t in tensors.items():
        dtype = NAMES[t.dtype]
        if dtype == "I64":
            total = str(int(t.sum().item())) if t.numel() else "0"
            values = [str(v) for v in t.flatten().tolist()]
        elif dtype in ("I32", "U8", "BOOL"):
            total = int(t.to(torch.int64).sum().item())
            values = [int(v) for v in t.flatten().tolist()]
        else:
            total = float(t.to(torch.float64).sum().item())
            values = t.flatten().tolist()
        entry = {"dtype": dtype, "shape": list(t.shape), "sum": total}
        if t.numel() <= MAX_LISTED:
            entry["values"] = values
        out[name] = entry
    return {"tensors": out, "metadata": metadata}


def write(path, tensors, metadata):
    """Writes `tensors` to `path`: header entries sorted by name, data in reverse name order."""
    names = sorted(tensors)
    chunks = []
    offsets = {}
    cursor = 0
    for name in reversed(names):
        t = tensors[name].contiguous()
        b = t.numpy().tobytes() if t.dtype != torch.bool else t.to(torch.uint8).numpy().tobytes()
        offsets[name] = (cursor, cursor + len(b))
        chunks.append(b)
        cursor += len(b)
    header = {"__metadata__": metadata}
    for name in names:
        t = tensors[name]
        header[name] = {"dtype": NAMES[t.dtype], "shape": list(t.shape), "data_offsets": list(offsets[name])}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in chunks:
            f.write(b)


def sample_tensors():
    """Deterministic tensors covering every dtype, a scalar and an empty tensor."""
    return {
        "conv.weight": (torch.arange(24, dtype=torch.float32).reshape(2, 3, 4) * 0.1 - 1.0),
        "f64.values": torch.tensor([1.0 / 3.0, -2.5e-300, 1e300, 0.0], dtype=torch.float64),
        "labels.i32": torch.tensor([[0, -7], [2147483647, -2147483648]], dtype=torch.int32),
        "steps.i64": torch.tensor([2**40 + 3, -(2**62), 9007199254740993], dtype=torch.int64),
        "pixels.u8": torch.tensor([0, 1, 127, 128, 255], dtype=torch.uint8),
        "mask.bool": torch.tensor([[True, False, True]], dtype=torch.bool),
        "scale.scalar": torch.tensor(2.5, dtype=torch.float32),
        "empty.f32": torch.zeros(0, 3, dtype=torch.float32),
    }


def main(argv):
    if sys.byteorder != "little":
        sys.exit("this script assumes a little-endian host")
    if len(argv) == 2 and argv[0] == "--write":
        tensors = sample_tensors()
        metadata = {"format": "pt", "written_by": "read_safetensors.py"}
        write(argv[1], tensors, metadata)
    elif len(argv) == 1 and not argv[0].startswith("--"):
        tensors, metadata = read(argv[0])
    else:
        sys.exit(__doc__)
    print(json.dumps(summarize(tensors, metadata)))


if __name__ == "__main__":
    main(sys.argv[1:])
