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

import base64
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
    """Tensor / ndarray -> {"shape", "data"} (float32) or {"shape", "dtype": "uint8", "base64"}."""
    if isinstance(t, np.ndarray):
        t = torch.from_numpy(np.ascontiguousarray(t))
    t = t.detach().cpu().contiguous()
    if t.dtype == torch.uint8:
        # Pixels as base64 of the raw bytes (row-major): a third of the size of a JSON list.
        return {"shape": list(t.shape), "dtype": "uint8", "base64": base64.b64encode(t.numpy().tobytes()).decode("ascii")}
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
    x4 = torch.rand(2, 1, 5, 7, generator=g) * 10 - 5  # [N, C, H, W]
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


# ---------------------------------------------------------------- tiny PNG/JPEG fixtures + decode references

def write_png_raw(path, width, height, bit_depth, color_type, rows, extra_chunks=(), interlace=False):
    """A PNG from raw sample rows (lists of ints per row, already in channel order), filter type 0, optionally
    Adam7-interlaced: for what PIL cannot write (16-bit RGB, 4-bit gray, interlacing)."""
    import struct
    import zlib

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    channels = len(rows[0]) // width

    def passes():
        if not interlace:
            yield rows
            return
        for x0, y0, dx, dy in ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)):
            sub = [[v for x in range(x0, width, dx) for v in rows[y][x * channels:(x + 1) * channels]] for y in range(y0, height, dy)]
            if sub and sub[0]:
                yield sub

    raw = bytearray()
    for row in (r for p in passes() for r in p):
        raw.append(0)
        if bit_depth == 16:
            for v in row:
                raw += struct.pack(">H", v)
        elif bit_depth == 8:
            raw += bytes(row)
        else:
            per = 8 // bit_depth
            for i in range(0, len(row), per):
                byte = 0
                for j in range(per):
                    v = row[i + j] if i + j < len(row) else 0
                    byte |= v << (8 - bit_depth * (j + 1))
                raw.append(byte)
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 1 if interlace else 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
    for kind, payload in extra_chunks:
        data += chunk(kind, payload)
    data += chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(data)


def gen_small_images():
    """Tiny images in every PNG colour type and depth (and two JPEGs), each with the pixels the reference
    decoders give: PIL for 8-bit and palette images, skimage's img_as_ubyte (16-bit → high byte) for 16-bit."""
    from PIL import Image
    from skimage import img_as_ubyte
    from skimage import io as skio

    rng = np.random.default_rng(4242)
    cases = []

    def add(name, expected, note):
        cases.append({"file": name, "note": note, "expected": T(np.asarray(expected, dtype=np.uint8))})

    def path(name):
        return os.path.join(OUT_DIR, name)

    h, w = 5, 7
    rgb = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
    alpha = rng.integers(0, 256, (h, w), dtype=np.uint8)
    gray = rng.integers(0, 256, (h, w), dtype=np.uint8)

    Image.fromarray(gray, "L").save(path("gray8.png"))
    add("gray8.png", np.array(Image.open(path("gray8.png")))[..., None], "8-bit gray (PIL 'L')")
    Image.fromarray(np.dstack([gray, alpha]), "LA").save(path("gray-alpha8.png"))
    add("gray-alpha8.png", np.array(Image.open(path("gray-alpha8.png")).convert("LA")), "8-bit gray + alpha (PIL 'LA')")
    Image.fromarray(rgb, "RGB").save(path("rgb8.png"))
    add("rgb8.png", np.array(Image.open(path("rgb8.png"))), "8-bit RGB")
    Image.fromarray(np.dstack([rgb, alpha]), "RGBA").save(path("rgba8.png"))
    add("rgba8.png", np.array(Image.open(path("rgba8.png"))), "8-bit RGBA")

    # Palette: 6 colours; without and with per-entry transparency (tRNS).
    pal_idx = rng.integers(0, 6, (h, w), dtype=np.uint8)
    palette = rng.integers(0, 256, (6, 3), dtype=np.uint8)
    p = Image.fromarray(pal_idx, "P")
    p.putpalette(palette.reshape(-1).tolist())
    p.save(path("palette.png"))
    add("palette.png", np.array(Image.open(path("palette.png")).convert("RGB")), "palette, no transparency → RGB")
    p.save(path("palette-trns.png"), transparency=bytes([0, 128, 255, 40, 255, 7]))
    add("palette-trns.png", np.array(Image.open(path("palette-trns.png")).convert("RGBA")), "palette with tRNS → RGBA")

    # 16-bit gray (PIL writes I;16) and 16-bit RGB / gray+alpha (hand-written).
    g16 = rng.integers(0, 65536, (h, w), dtype=np.uint16)
    g16[0, :4] = [0, 255, 256, 65535]
    Image.fromarray(g16).save(path("gray16.png"))
    add("gray16.png", img_as_ubyte(skio.imread(path("gray16.png")))[..., None], "16-bit gray: skimage img_as_ubyte (v >> 8)")
    rgb16 = rng.integers(0, 65536, (h, w, 3), dtype=np.uint16)
    write_png_raw(path("rgb16.png"), w, h, 16, 2, [rgb16[y].reshape(-1).tolist() for y in range(h)])
    pil_rgb16 = np.array(Image.open(path("rgb16.png")).convert("RGB"))
    sk_rgb16 = img_as_ubyte(skio.imread(path("rgb16.png")))
    assert (pil_rgb16 == sk_rgb16).all(), "PIL and skimage disagree on 16-bit RGB"
    add("rgb16.png", sk_rgb16, "16-bit RGB: PIL and skimage agree (v >> 8)")
    la16 = rng.integers(0, 65536, (h, w, 2), dtype=np.uint16)
    write_png_raw(path("gray-alpha16.png"), w, h, 16, 4, [la16[y].reshape(-1).tolist() for y in range(h)])
    # PIL and skimage both open 16-bit gray + alpha as 8-bit RGBA (high bytes); its gray and alpha lanes are ours.
    pil_la16 = np.array(Image.open(path("gray-alpha16.png")).convert("RGBA"))
    assert (pil_la16 == img_as_ubyte(skio.imread(path("gray-alpha16.png")))).all(), "PIL and skimage disagree on 16-bit LA"
    assert (pil_la16[..., [0, 3]] == (la16 >> 8)).all()
    add("gray-alpha16.png", pil_la16[..., [0, 3]], "16-bit gray + alpha: PIL = skimage (v >> 8)")

    # Low bit depths: 1-bit (PIL '1') and 4-bit gray (hand-written; PIL scales v·17).
    b1 = rng.integers(0, 2, (h, w), dtype=np.uint8).astype(bool)
    Image.fromarray(b1).save(path("gray1.png"))
    add("gray1.png", np.array(Image.open(path("gray1.png")).convert("L"))[..., None], "1-bit gray → 0/255")
    g4 = rng.integers(0, 16, (h, w), dtype=np.uint8)
    write_png_raw(path("gray4.png"), w, h, 4, 0, [g4[y].tolist() for y in range(h)])
    add("gray4.png", np.array(Image.open(path("gray4.png")).convert("L"))[..., None], "4-bit gray → v·17")

    # Adam7-interlaced 8-bit RGBA and 2-bit gray, 11×9 (every pass non-empty, partial blocks at the edges).
    big = rng.integers(0, 256, (9, 11, 4), dtype=np.uint8)
    write_png_raw(path("rgba8-interlaced.png"), 11, 9, 8, 6, [big[y].reshape(-1).tolist() for y in range(9)], interlace=True)
    add("rgba8-interlaced.png", np.array(Image.open(path("rgba8-interlaced.png")).convert("RGBA")), "Adam7-interlaced RGBA")
    g2 = rng.integers(0, 4, (9, 11), dtype=np.uint8)
    write_png_raw(path("gray2-interlaced.png"), 11, 9, 2, 0, [g2[y].tolist() for y in range(9)], interlace=True)
    add("gray2-interlaced.png", np.array(Image.open(path("gray2-interlaced.png")).convert("L"))[..., None], "Adam7-interlaced 2-bit gray → v·85")

    # RGB with a tRNS colour: ignored (PIL's convert('RGB') keeps the colour).
    import struct
    trns = struct.pack(">HHH", int(rgb[0, 0, 0]), int(rgb[0, 0, 1]), int(rgb[0, 0, 2]))
    write_png_raw(path("rgb8-trns.png"), w, h, 8, 2, [rgb[y].reshape(-1).tolist() for y in range(h)], [(b"tRNS", trns)])
    add("rgb8-trns.png", np.array(Image.open(path("rgb8-trns.png")).convert("RGB")), "RGB with a tRNS colour: kept as RGB")

    # JPEGs (smooth content, so the decoders' differences stay small); compared with a tolerance.
    yy, xx = np.mgrid[0:16, 0:24]
    smooth = np.dstack([(xx * 10) % 256, (yy * 15) % 256, ((xx + yy) * 5) % 256]).astype(np.uint8)
    Image.fromarray(smooth, "RGB").save(path("rgb.jpg"), quality=90, subsampling=0)
    add("rgb.jpg", np.array(Image.open(path("rgb.jpg"))), "JPEG, 3 components, 4:4:4 (PIL/libjpeg)")
    Image.fromarray(smooth, "RGB").save(path("rgb420.jpg"), quality=90, subsampling=2)
    add("rgb420.jpg", np.array(Image.open(path("rgb420.jpg"))), "JPEG, 3 components, 4:2:0 chroma (PIL/libjpeg)")
    # A photo crop with odd sides (edge handling of the chroma upsampling), 4:2:0 and 4:2:2.
    chelsea = os.path.join(PHOTOS, "chelsea.png")
    if os.path.exists(chelsea):
        part = Image.open(chelsea).convert("RGB").crop((180, 90, 243, 137))  # 63×47
        for name, sub in (("photo420.jpg", 2), ("photo422.jpg", 1)):
            part.save(path(name), quality=85, subsampling=sub)
            add(name, np.array(Image.open(path(name))), f"JPEG photo crop 63×47, {'4:2:0' if sub == 2 else '4:2:2'} chroma")
        part.save(path("photo-progressive.jpg"), quality=85, progressive=True)
        add("photo-progressive.jpg", np.array(Image.open(path("photo-progressive.jpg"))), "progressive JPEG photo crop, 4:2:0")
    Image.fromarray(smooth[..., 0], "L").save(path("gray.jpg"), quality=90)
    add("gray.jpg", np.array(Image.open(path("gray.jpg")))[..., None], "JPEG, 1 component (PIL/libjpeg)")

    # Shared photos: a region, plus the full decode's size and sums (exact for PNG).
    photos = []
    for name, region in (("coins.png", (0, 0, 12, 16)), ("chelsea.png", (200, 100, 8, 6)), ("horse.png", (150, 150, 6, 4)),
                         ("rocket.jpg", (300, 200, 12, 10))):
        p = os.path.join(PHOTOS, name)
        if not os.path.exists(p):
            print(f"skipping {p} (missing)")
            continue
        im = Image.open(p)
        arr = np.array(im)
        if arr.ndim == 2:
            arr = arr[..., None]
        x, y, rw, rh = region
        photos.append({
            "file": name, "mode": im.mode, "shape": list(arr.shape), "region": {"x": x, "y": y, "width": rw, "height": rh},
            "regionPixels": T(arr[y:y + rh, x:x + rw]), "sum": int(arr.astype(np.int64).sum()),
            "channelMeans": [num(arr[..., c].mean()) for c in range(arr.shape[2])],
            "graySum": int(np.array(im.convert("L"), dtype=np.int64).sum()),
        })
    write("decode.json", {"generator": f"PIL {Image.__version__}", "cases": cases, "photos": photos})


# ---------------------------------------------------------------- filters (striate filter)

LECTURE_KERNELS = {
    "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
    "edge": [[0, 1, 0], [1, -4, 1], [0, 1, 0]],
    "strong-edge": [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]],
    "sobel-x": [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
}


def rescale(v, mode):
    """The viewing map of src/vision/rescale.ts, in float64, rounding halves up."""
    v = v.astype(np.float64)
    if mode == "clip":
        x = v
    elif mode == "abs":
        m = np.abs(v).max()
        x = np.abs(v) * (255.0 / m if m > 0 else 0.0)
    else:
        lo, hi = v.min(), v.max()
        x = (v - lo) * (255.0 / (hi - lo) if hi > lo else 0.0)
    return np.clip(np.floor(x + 0.5), 0, 255).astype(np.uint8)


def gen_filters():
    """F.conv2d of chelsea.png (PIL convert('L') as floats 0–255, or RGB with groups=3) with the lecture's
    kernels: compact summaries of the float output (sums, extremes, three 5×5 crops) and of the viewable
    uint8 image (sum, SHA-256 of its bytes)."""
    import hashlib

    from PIL import Image

    p = os.path.join(PHOTOS, "chelsea.png")
    if not os.path.exists(p):
        print(f"skipping filters: {p} missing")
        return
    im = Image.open(p)
    gray = torch.from_numpy(np.array(im.convert("L"), dtype=np.float32))[None, None]   # [1, 1, H, W]
    rgb = torch.from_numpy(np.array(im.convert("RGB"), dtype=np.float32)).permute(2, 0, 1)[None].contiguous()
    cases = []
    for name, color, stride, padding, mode in (
        ("sharpen", False, 1, 0, "clip"), ("edge", False, 1, 0, "abs"), ("strong-edge", False, 1, 0, "abs"),
        ("sobel-x", False, 1, 1, "abs"), ("edge", True, 1, 0, "abs"), ("sharpen", False, 1, 2, "linear"),
    ):
        k = torch.tensor(LECTURE_KERNELS[name], dtype=torch.float32)
        x = rgb if color else gray
        c = x.shape[1]
        w = k[None, None].repeat(c, 1, 1, 1)
        y = F.conv2d(x, w, stride=stride, padding=padding, groups=c)[0]  # [C, OH, OW]
        yn = y.numpy().astype(np.float64)
        oh, ow = y.shape[1], y.shape[2]
        crops = []
        for (cy, cx) in ((0, 0), (oh // 2 - 2, ow // 2 - 2), (oh - 5, ow - 5)):
            crops.append({"y": int(cy), "x": int(cx), "values": T(y[:, cy:cy + 5, cx:cx + 5])})
        view = rescale(yn, mode)                      # [C, OH, OW]
        hwc = np.ascontiguousarray(view.transpose(1, 2, 0))
        cases.append({
            "kernel": name, "color": color, "stride": stride, "padding": padding, "rescale": mode,
            "shape": list(y.shape), "sum": float(yn.sum()), "sumSquares": float((yn ** 2).sum()),
            "min": float(yn.min()), "max": float(yn.max()), "crops": crops,
            "viewSum": int(view.astype(np.int64).sum()), "viewSha256": hashlib.sha256(hwc.tobytes()).hexdigest(),
        })
    write("filters.json", {"generator": GENERATOR, "image": "chelsea.png", "cases": cases})


if __name__ == "__main__":
    os.makedirs(OUT_DIR, exist_ok=True)
    gen_resize()
    gen_small_images()
    gen_filters()
