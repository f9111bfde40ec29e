"""PyTorch peer of the benchmark (protocol and tasks: bench/peers/common.ts); prints one JSON line.

The lecture CNN, Adam 1e-3, cross-entropy, batch 64, Fashion-MNIST from the IDX files; torch.set_num_threads(T)
(Debian's torch defaults to 1 thread here). Run with Debian's torch and OpenBLAS forced, as the orchestrator does:
    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp /usr/bin/python3 bench/peers/pytorch.py \
        --task train --threads 2 --data ../shared/data/fashion-mnist
The epochs task trains with `striate train`'s default recipe; `--schedule constant --no-normalize --seed S` gives
the other recipes of BENCHMARKS.md's accuracy table (bench/results/pytorch-recipes-5-epochs.json).
"""
import argparse
import gzip
import json
import math
import resource
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument('--task', choices=['probe', 'train', 'infer', 'kernels', 'epochs'], default='train')
p.add_argument('--data', default='../shared/data/fashion-mnist')
p.add_argument('--seconds', type=float, default=5)
p.add_argument('--min-iters', type=int, default=5)
p.add_argument('--latency-calls', type=int, default=200)
p.add_argument('--threads', type=int, default=1)
p.add_argument('--epochs', type=int, default=5)
p.add_argument('--warmup', type=int, default=2)
p.add_argument('--seed', type=int, default=0)
# The epochs task's recipe, as `striate train`'s flags: --schedule cosine|constant, --no-normalize
p.add_argument('--schedule', choices=['cosine', 'constant'], default='cosine')
p.add_argument('--normalize', action=argparse.BooleanOptionalAction, default=True)
p.add_argument('--model', default='')  # accepted for a uniform command line; unused
p.add_argument('--backend', default='')  # idem
a = p.parse_args()

torch.set_num_threads(a.threads)
torch.manual_seed(a.seed)


def peak_rss_mib():
    try:
        with open('/proc/self/status') as f:
            for line in f:
                if line.startswith('VmHWM:'):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def idx(path):
    with gzip.open(path, 'rb') as f:
        raw = f.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], 'big') for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load(train):
    prefix = 'train' if train else 't10k'
    # uint8 in memory, converted per batch (as the Node peers do)
    x = torch.from_numpy(idx(f'{a.data}/{prefix}-images-idx3-ubyte.gz').copy()).unsqueeze(1)
    y = torch.from_numpy(idx(f'{a.data}/{prefix}-labels-idx1-ubyte.gz').astype(np.int64))
    return x, y


class LectureCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3)
        self.conv2 = nn.Conv2d(32, 64, 3)
        self.fc1 = nn.Linear(64 * 5 * 5, 1024)
        self.fc2 = nn.Linear(1024, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc2(F.relu(self.fc1(torch.flatten(x, 1))))


def time_loop(fn, seconds, min_iters):
    t0 = time.perf_counter()
    iters = 0
    while True:
        fn(iters)
        iters += 1
        elapsed = time.perf_counter() - t0
        if elapsed >= seconds and iters >= min_iters:
            return iters, elapsed


def blas():
    """The BLAS library actually mapped into this process (Debian's torch links a generic libblas.so.3)."""
    try:
        with open('/proc/self/maps') as f:
            libs = {line.split()[-1] for line in f if 'blas' in line.lower() and '/' in line}
        return ', '.join(sorted(libs)) or 'none mapped'
    except OSError:
        return 'unknown'


def main():
    base = {'version': torch.__version__, 'threads': torch.get_num_threads(), 'numpy': np.__version__, 'blas': blas()}
    model = LectureCNN()
    if a.task == 'probe':
        return {**base, 'ok': True, 'python': sys.version.split()[0]}

    if a.task == 'train':
        x, y = load(True)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        perm = torch.randperm(x.shape[0])
        steps_per_epoch = x.shape[0] // 64
        last = [float('nan')]

        def step(i):
            b = perm[(i % steps_per_epoch) * 64:][:64]
            loss = F.cross_entropy(model(x[b].float().div_(255)), y[b])
            opt.zero_grad()
            loss.backward()
            opt.step()
            last[0] = loss.item()
        for i in range(a.warmup):
            step(i)
        iters, sec = time_loop(lambda i: step(i + a.warmup), a.seconds, a.min_iters)
        return {**base, 'ok': True, 'images_per_second': iters * 64 / sec, 'steps': iters, 'seconds': sec, 'loss': last[0]}

    if a.task == 'infer':
        x, _ = load(False)
        x64 = x[:64].float().div_(255)
        x1 = x64[:1].clone()
        model.eval()
        with torch.no_grad():
            for _ in range(3):
                model(x64)
            iters, sec = time_loop(lambda i: model(x64), a.seconds, a.min_iters)
            for _ in range(5):
                model(x1)
            times = []
            t0 = time.perf_counter()
            while len(times) < a.latency_calls and (len(times) < 10 or time.perf_counter() - t0 < a.seconds):
                s = time.perf_counter()
                model(x1)
                times.append((time.perf_counter() - s) * 1000)
        return {**base, 'ok': True, 'batch_images_per_second': iters * 64 / sec,
                'latency_ms': statistics.median(times), 'latency_calls': len(times)}

    if a.task == 'kernels':
        ga, gb = torch.randn(1024, 1024), torch.randn(1024, 1024)
        cx, cw = torch.randn(64, 32, 13, 13), torch.randn(64, 32, 3, 3)
        with torch.no_grad():
            torch.mm(ga, gb)
            gi, gs = time_loop(lambda i: torch.mm(ga, gb), a.seconds / 2, min(a.min_iters, 2))
            F.conv2d(cx, cw)
            ci, cs = time_loop(lambda i: F.conv2d(cx, cw), a.seconds / 2, a.min_iters)
        return {**base, 'ok': True, 'gemm_gflops': 2 * 1024 ** 3 * gi / gs / 1e9,
                'conv_gflops': 2 * 64 * 64 * 11 * 11 * 32 * 9 * ci / cs / 1e9}

    if a.task == 'epochs':
        t0 = time.perf_counter()
        x, y = load(True)
        tx, ty = load(False)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        # `striate train`'s recipe (by default): inputs standardised with the training pixels' mean and std
        # (rounded to 4 decimals), and the rate decayed from 1e-3 to 0 by a cosine, set before every step.
        # The statistics come from a histogram of the uint8 pixels, so no float copy of the set inflates peak RSS.
        mean, std = 0.0, 1.0
        if a.normalize:
            flat = x.numpy().ravel()
            counts = sum(np.bincount(flat[i:i + (1 << 20)], minlength=256) for i in range(0, flat.size, 1 << 20)).astype(np.float64)
            levels = np.arange(256) / 255
            mean = float((counts * levels).sum() / counts.sum())
            std = float(np.sqrt((counts * (levels - mean) ** 2).sum() / counts.sum()))
            mean, std = round(mean, 4), round(std, 4)
        prep = lambda t: t.float().div_(255).sub_(mean).div_(std)
        total_steps = a.epochs * math.ceil(x.shape[0] / 64)
        step_index = 0
        epoch_seconds = []
        for e in range(a.epochs):
            te = time.perf_counter()
            perm = torch.randperm(x.shape[0])
            for s in range(0, x.shape[0], 64):  # the last, partial batch too (like `striate train`)
                b = perm[s:s + 64]
                if a.schedule == 'cosine':
                    for g in opt.param_groups:
                        g['lr'] = 1e-3 * 0.5 * (1 + math.cos(math.pi * step_index / total_steps))
                step_index += 1
                loss = F.cross_entropy(model(prep(x[b])), y[b])
                opt.zero_grad()
                loss.backward()
                opt.step()
            epoch_seconds.append(time.perf_counter() - te)
            print(f'pytorch {a.threads}t epoch {e + 1}/{a.epochs}: {epoch_seconds[-1]:.1f} s', file=sys.stderr)
        model.eval()
        correct = 0
        loss_sum = 0.0
        with torch.no_grad():
            for s in range(0, tx.shape[0], 500):
                out = model(prep(tx[s:s + 500]))
                loss_sum += F.cross_entropy(out, ty[s:s + 500], reduction='sum').item()
                correct += (out.argmax(1) == ty[s:s + 500]).sum().item()
        recipe = f"{'standardised inputs' if a.normalize else 'pixels / 255'}, {'cosine decay' if a.schedule == 'cosine' else 'constant rate'}"
        return {**base, 'ok': True, 'epochs': a.epochs, 'seed': a.seed, 'recipe': recipe, 'normalize': [mean, std], 'epoch_seconds': epoch_seconds,
                'train_seconds': sum(epoch_seconds), 'wall_seconds': time.perf_counter() - t0, 'test_accuracy': correct / tx.shape[0],
                'test_loss': loss_sum / tx.shape[0], 'date': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}


try:
    out = main()
except Exception as e:  # reported as a row that failed, not a crash of the whole run
    print(repr(e), file=sys.stderr)
    out = {'ok': False, 'reason': f'error: {str(e).splitlines()[0][:200] if str(e) else repr(e)}'}
print(json.dumps({'peer': 'pytorch', 'task': a.task, **out, 'peak_rss_mib': peak_rss_mib()}), flush=True)
