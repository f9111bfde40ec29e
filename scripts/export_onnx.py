"""Exports the lecture CNN to ONNX for the ONNX Runtime rows of the benchmark.

Builds Conv2d(1,32,3) -> ReLU -> MaxPool2 -> Conv2d(32,64,3) -> ReLU -> MaxPool2 -> Flatten -> Linear(1600,1024)
-> ReLU -> Linear(1024,10) in PyTorch with weights from torch.manual_seed(SEED) (PyTorch's default init), and
writes it with torch.onnx.export: input "input" [batch, 1, 28, 28] float32, output "logits" [batch, 10], the
batch axis dynamic. Only speed is measured with it, so the weights just have to be fixed and finite.

Run with Debian's torch (the python3 first on PATH may lack it):
    /usr/bin/python3 scripts/export_onnx.py [OUT] [--seed 0] [--opset 13]
OUT defaults to bench/.cache/lecture-cnn.onnx (generated at bench time, git-ignored; about 6.7 MB).
"""
import argparse
import os

import torch
import torch.nn as nn
import torch.nn.functional as F


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


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('out', nargs='?', default=os.path.join(root, 'bench', '.cache', 'lecture-cnn.onnx'))
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--opset', type=int, default=13)
    a = p.parse_args()

    torch.manual_seed(a.seed)
    model = LectureCNN().eval()
    example = torch.zeros(1, 1, 28, 28)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    tmp = a.out + '.tmp'
    with torch.no_grad():
        torch.onnx.export(
            model, example, tmp,
            input_names=['input'], output_names=['logits'],
            dynamic_axes={'input': {0: 'batch'}, 'logits': {0: 'batch'}},
            opset_version=a.opset, do_constant_folding=True,
        )
    os.replace(tmp, a.out)  # never leave a half-written model where the bench looks for one
    params = sum(t.numel() for t in model.parameters())
    print(f'wrote {a.out} ({os.path.getsize(a.out):,} bytes, {params:,} parameters, seed {a.seed}, opset {a.opset}, torch {torch.__version__})')


if __name__ == '__main__':
    main()
