"""Per-phase milliseconds of one training step of resnet-baseline in PyTorch (the peer of `Nas.Bench phases`): taking
the batch and flipping it, the forward pass with the loss, reading the loss and the batch accuracy, the backward pass,
gradient-norm clipping, and zeroing the gradients with the SGD step. Prints one line per phase: `phase NAME MS`.
usage: python3 residual_phases_torch.py [--images 2560] [--batch 128] [--threads 2]
"""
import argparse, statistics, time
import torch, torch.nn as nn, torch.nn.functional as F
from residual_torch import Net


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--images', type=int, default=2560); ap.add_argument('--batch', type=int, default=128)
    ap.add_argument('--threads', type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads); torch.manual_seed(1)
    X = torch.randn(a.images, 1, 28, 28); Y = torch.randint(0, 10, (a.images,))
    net = Net(); net.train()
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, weight_decay=3e-4)
    times = {k: [] for k in ('batch', 'forward', 'read', 'backward', 'clip', 'step')}
    perm = torch.randperm(a.images)
    for i in range(0, a.images, a.batch):
        t0 = time.perf_counter()
        b = perm[i:i + a.batch]; xb = X[b]
        xb = torch.where(torch.rand(xb.size(0), 1, 1, 1) < 0.5, xb.flip(3), xb)
        t1 = time.perf_counter()
        out = net(xb); loss = F.cross_entropy(out, Y[b])
        t2 = time.perf_counter()
        lv = loss.item(); correct = (out.argmax(1) == Y[b]).sum().item()
        t3 = time.perf_counter()
        loss.backward()
        t4 = time.perf_counter()
        nn.utils.clip_grad_norm_(net.parameters(), 5.)
        t5 = time.perf_counter()
        opt.step(); opt.zero_grad()
        t6 = time.perf_counter()
        if i // a.batch >= 3:  # the first batches warm up caches and the allocator
            for k, d in zip(times, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5)):
                times[k].append(1000 * d)
    for k, v in times.items():
        print(f'phase {k} {statistics.median(v):.3f}')
    print(f'torch {torch.__version__}')


if __name__ == '__main__':
    main()
