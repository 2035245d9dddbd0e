"""PyTorch peer for side-by-side timing: the residual space's resnet-baseline (a stride-2 3x3 stem to 32 channels,
stages of 32, 64 and 128 channels with one basic block each, the later two entered by a stride-2 3x3 convolution,
global average pooling, a linear classifier), trained with SGD and random flips on IDX images as
`nas train --arch resnet-baseline` does with the same recipe settings. Prints img/s of the training loop in the line
format of ../shared/peers/darts_torch.py, which Nas.Bench peer reads.
usage: python3 residual_torch.py IDX_DIR [--batch 128] [--threads 2] [--epochs 1] [--limit N]
"""
import argparse, gzip, os, struct, time
import numpy as np
import torch, torch.nn as nn, torch.nn.functional as F


def cbr(ci, co, k, s):
    return nn.Sequential(nn.Conv2d(ci, co, k, s, k // 2, bias=False), nn.BatchNorm2d(co), nn.ReLU())


class Block(nn.Module):
    def __init__(self, c, k=3):
        super().__init__()
        self.c1 = nn.Conv2d(c, c, k, 1, k // 2, bias=False); self.b1 = nn.BatchNorm2d(c)
        self.c2 = nn.Conv2d(c, c, k, 1, k // 2, bias=False); self.b2 = nn.BatchNorm2d(c)

    def forward(self, x):
        h = F.relu(self.b1(self.c1(x)))
        return F.relu(self.b2(self.c2(h)) + x)


class Net(nn.Module):
    def __init__(self, widths=(32, 64, 128), n=10, cin=1):
        super().__init__()
        layers = [cbr(cin, widths[0], 3, 2), Block(widths[0])]
        for a, b in zip(widths, widths[1:]):
            layers += [cbr(a, b, 3, 2), Block(b)]
        self.body = nn.Sequential(*layers)
        self.cls = nn.Linear(widths[-1], n)

    def forward(self, x):
        return self.cls(F.adaptive_avg_pool2d(self.body(x), 1).flatten(1))


def read_idx(path):
    op = gzip.open if path.endswith('.gz') else open
    with op(path, 'rb') as f:
        data = f.read()
    magic, = struct.unpack('>I', data[:4]); nd = magic & 0xff
    dims = struct.unpack('>' + 'I' * nd, data[4:4 + 4 * nd])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * nd).reshape(dims)


def find(d, stem):
    for n in (stem, stem + '.gz'):
        if os.path.exists(os.path.join(d, n)): return os.path.join(d, n)
    raise SystemExit('missing ' + stem)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('dir'); ap.add_argument('--batch', type=int, default=128); ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--epochs', type=int, default=1); ap.add_argument('--limit', type=int, default=0)
    a = ap.parse_args()
    torch.set_num_threads(a.threads); torch.manual_seed(1)
    x = read_idx(find(a.dir, 'train-images-idx3-ubyte')); y = read_idx(find(a.dir, 'train-labels-idx1-ubyte'))
    if a.limit: x, y = x[:a.limit], y[:a.limit]
    X = torch.from_numpy(x.astype(np.float32) / 255.).unsqueeze(1); X = (X - X.mean()) / X.std()
    Y = torch.from_numpy(y.astype(np.int64))
    net = Net(); net.train()
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, weight_decay=3e-4)
    n = X.shape[0]; t0 = time.time(); seen = 0
    for ep in range(a.epochs):
        perm = torch.randperm(n)
        for i in range(0, n, a.batch):
            b = perm[i:i + a.batch]; xb = X[b]
            xb = torch.where(torch.rand(xb.size(0), 1, 1, 1) < 0.5, xb.flip(3), xb)
            loss = F.cross_entropy(net(xb), Y[b])
            opt.zero_grad(); loss.backward(); nn.utils.clip_grad_norm_(net.parameters(), 5.); opt.step()
            seen += b.numel()
    dt = time.time() - t0
    print(f'torch {torch.__version__} threads {a.threads}: params {sum(p.numel() for p in net.parameters())} '
          f'{seen} images in {dt:.1f} s = {seen / dt:.1f} img/s, last loss {loss.item():.3f}')


if __name__ == '__main__':
    main()
