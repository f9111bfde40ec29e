#!/usr/bin/python3
"""PyTorch reference for Grad-CAM and saliency (src/viz): writes test/fixtures/golden/viz.json.

Usage: /usr/bin/python3 scripts/gen_viz_golden.py
Model: conv1 Conv2d(1, 3, 3) -> ReLU -> conv2 Conv2d(3, 4, 3, padding=1) -> ReLU -> flatten -> fc Linear(144, 5),
on one 8x8 image. Grad-CAM uses the conv layers' outputs (before the ReLU that follows them), weights =
mean over H, W of d(logit)/dA, cam = relu(sum_k w_k A_k), F.interpolate(bilinear, align_corners=False)
to 8x8, divided by its maximum. Saliency = |d logit / dx| max over channels."""
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(4242)
torch.set_num_threads(1)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 3, 3)
        self.conv2 = nn.Conv2d(3, 4, 3, padding=1)
        self.fc = nn.Linear(144, 5)

    def forward(self, x, keep):
        a1 = self.conv1(x)
        a1.retain_grad()
        a2 = self.conv2(a1.relu())
        a2.retain_grad()
        keep['conv1'], keep['conv2'] = a1, a2
        return self.fc(a2.relu().flatten(1))


def flat(t):
    return [float(f'{v:.9g}') for v in t.detach().reshape(-1).tolist()]


net = Net()
x = torch.randn(1, 1, 8, 8)
cases = []
for layer, cls in [('conv2', None), ('conv1', 2), ('conv2', 4)]:
    keep = {}
    xi = x.clone().requires_grad_()
    logits = net(xi, keep)
    c = int(logits.argmax(1)) if cls is None else cls
    logits[0, c].backward()
    a = keep[layer]
    w = a.grad.mean(dim=(2, 3))  # [1, K]
    raw = F.relu((w[:, :, None, None] * a).sum(1))  # [1, h, w]
    up = F.interpolate(raw[None], size=(8, 8), mode='bilinear', align_corners=False)[0, 0]
    heat = up / up.max() if up.max() > 0 else up * 0
    sal = xi.grad.abs().amax(dim=1)[0]
    cases.append({'layer': layer, 'classIndex': cls, 'explained': c, 'score': float(logits[0, c]),
                  'raw': {'shape': list(raw.shape[1:]), 'data': flat(raw)}, 'heatmap': flat(heat), 'saliency': flat(sal)})

out = {
    'family': 'viz', 'generator': f'torch {torch.__version__}',
    'input': {'shape': [1, 1, 8, 8], 'data': flat(x)},
    'weights': {k: {'shape': list(v.shape), 'data': flat(v)} for k, v in net.state_dict().items()},
    'cases': cases,
}
with open(os.path.join(ROOT, 'test', 'fixtures', 'golden', 'viz.json'), 'w') as f:
    json.dump(out, f)
print('wrote viz.json:', [(c['layer'], c['explained'], round(c['score'], 4)) for c in cases])
