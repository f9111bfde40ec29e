"""PyTorch side of the training-throughput benchmark: the lecture CNN, Adam 1e-3, batch 64, on
Fashion-MNIST images from the IDX files. Prints one JSON line: {"images_per_second": ..., "threads": ...}.
Run with Debian's torch: /usr/bin/python3 bench/pytorch_lecture_cnn.py DATA_DIR STEPS THREADS"""
import gzip, json, sys, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

data_dir, steps, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
torch.set_num_threads(threads)
torch.manual_seed(0)

def idx(path):
    with gzip.open(path, 'rb') as f:
        raw = f.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], 'big') for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)

x = torch.from_numpy(idx(f'{data_dir}/train-images-idx3-ubyte.gz').astype(np.float32) / 255).unsqueeze(1)
y = torch.from_numpy(idx(f'{data_dir}/train-labels-idx1-ubyte.gz').astype(np.int64))

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

model = LectureCNN()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
perm = torch.randperm(x.shape[0])
def step(i):
    idx_ = perm[(i * 64) % (x.shape[0] - 64):][:64]
    loss = F.cross_entropy(model(x[idx_]), y[idx_])
    opt.zero_grad(); loss.backward(); opt.step()
for i in range(5):
    step(i)
t0 = time.perf_counter()
for i in range(steps):
    step(i)
dt = time.perf_counter() - t0
print(json.dumps({"images_per_second": steps * 64 / dt, "threads": threads}))
