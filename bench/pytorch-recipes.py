"""PyTorch reference for `striate train`'s default recipe: the lecture CNN, Adam 1e-3, batch 64, 5 epochs on the
full Fashion-MNIST, with or without input standardisation (--norm: (p/255 - 0.2860) / 0.3530) and a cosine decay of
the rate to 0 (--cosine: set before every step; --cosine-epoch: once per epoch). Prints one JSON line with the test
accuracy after each epoch. Results of 2026-11-30: bench/results/pytorch-recipes-5-epochs.json.
    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp /usr/bin/python3 bench/pytorch-recipes.py --cosine --norm --seed 0
"""
import argparse, gzip, json, time, math
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F
p = argparse.ArgumentParser()
p.add_argument('--seed', type=int, default=0)
p.add_argument('--norm', action='store_true')
p.add_argument('--cosine', action='store_true')
p.add_argument('--cosine-epoch', action='store_true')
p.add_argument('--epochs', type=int, default=5)
p.add_argument('--data', default='../shared/data/fashion-mnist')
a = p.parse_args()
torch.set_num_threads(2); torch.manual_seed(a.seed)
D=a.data
def idx(path):
    raw = gzip.open(path,'rb').read(); nd = raw[3]
    dims=[int.from_bytes(raw[4+4*i:8+4*i],'big') for i in range(nd)]
    return np.frombuffer(raw,dtype=np.uint8,offset=4+4*nd).reshape(dims)
def load(t):
    pre='train' if t else 't10k'
    return torch.from_numpy(idx(f'{D}/{pre}-images-idx3-ubyte.gz').copy()).unsqueeze(1), torch.from_numpy(idx(f'{D}/{pre}-labels-idx1-ubyte.gz').astype(np.int64))
class M(nn.Module):
    def __init__(s):
        super().__init__(); s.c1=nn.Conv2d(1,32,3); s.c2=nn.Conv2d(32,64,3); s.f1=nn.Linear(1600,1024); s.f2=nn.Linear(1024,10)
    def forward(s,x):
        x=F.max_pool2d(F.relu(s.c1(x)),2); x=F.max_pool2d(F.relu(s.c2(x)),2); return s.f2(F.relu(s.f1(x.flatten(1))))
def prep(x):
    x = x.float().div_(255)
    return (x-0.2860)/0.3530 if a.norm else x
x,y=load(True); tx,ty=load(False); m=M(); opt=torch.optim.Adam(m.parameters(),lr=1e-3)
steps=math.ceil(60000/64)*a.epochs; k=0; accs=[]
for e in range(a.epochs):
    m.train(); perm=torch.randperm(60000)
    for s in range(0,60000,64):
        if a.cosine_epoch:
            for g in opt.param_groups: g['lr']=1e-3*0.5*(1+math.cos(math.pi*e/a.epochs))
        if a.cosine:
            for g in opt.param_groups: g['lr']=1e-3*0.5*(1+math.cos(math.pi*k/steps))
        b=perm[s:s+64]; xb=prep(x[b])
        loss=F.cross_entropy(m(xb),y[b]); opt.zero_grad(); loss.backward(); opt.step(); k+=1
    m.eval()
    with torch.no_grad(): accs.append(round(sum((m(prep(tx[i:i+500])).argmax(1)==ty[i:i+500]).sum().item() for i in range(0,10000,500))/10000,4))
print(json.dumps({'seed':a.seed,'norm':a.norm,'cosine':a.cosine,'cosine_epoch':a.cosine_epoch,'acc':accs}),flush=True)
