"""Per-op milliseconds of one DARTS_V2 training step in PyTorch (the peer of `Nas.Bench opprofile`), measured as the
bench measures ours: around every leaf module, forward by hooks before and after it, backward by two identity autograd
functions (on its output: its backward runs just before the module's; on its input: just after); the rest of each pass
(concatenations, sums, the loss) as what the modules leave; gradient clipping and the SGD step. Random 1x28x28 images,
batch 128. Prints `op<TAB>NAME<TAB>MS`, medians over the batches after three of warm-up.
usage: python3 darts_ops_torch.py --shared DIR [--batches 13] [--threads 2]   (DIR holds the team's darts_torch.py)
"""
import argparse, statistics, sys, time
from collections import defaultdict
import torch, torch.nn as nn, torch.nn.functional as F


class Signal(torch.autograd.Function):
    """The identity, whose backward calls `action`: on a module's output just before the module's backward, on its
    input just after."""
    @staticmethod
    def forward(ctx, x, action):
        ctx.action = action
        return x.view_as(x)

    @staticmethod
    def backward(ctx, g):
        ctx.action()
        return g, None


def op_class(m, x):
    if isinstance(m, nn.Conv2d):
        if m.groups > 1 and m.groups == x.shape[1]:
            return 'conv depthwise'
        return 'conv 1x1' if m.kernel_size == (1, 1) else 'conv dense'
    if isinstance(m, nn.BatchNorm2d): return 'batch norm'
    if isinstance(m, nn.ReLU): return 'relu'
    if isinstance(m, (nn.MaxPool2d, nn.AvgPool2d)): return 'pooling'
    if isinstance(m, nn.AdaptiveAvgPool2d): return 'global pooling'
    if isinstance(m, nn.Linear): return 'linear'
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--shared', required=True); ap.add_argument('--batches', type=int, default=13)
    ap.add_argument('--threads', type=int, default=2)
    a = ap.parse_args()
    sys.path.insert(0, a.shared)
    from darts_torch import Net, DARTS_V2
    torch.set_num_threads(a.threads); torch.manual_seed(1)
    X = torch.randn(a.batches * 128, 1, 28, 28); Y = torch.randint(0, 10, (a.batches * 128,))
    net = Net(16, 10, 8, False, DARTS_V2); net.train()
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, weight_decay=3e-4)
    fwd, bwd = defaultdict(float), defaultdict(float)
    for m in net.modules():
        if any(True for _ in m.children()):
            continue
        state = {}

        def pre(mod, inputs, state=state):
            x = inputs[0]
            state['kind'] = kind = op_class(mod, x)
            if kind is None: return None
            clock = state['clock'] = {}

            def ended(clock=clock, kind=kind):
                if 'started' in clock:
                    bwd[kind] += 1000 * (time.perf_counter() - clock['started'])
            state['t'] = time.perf_counter()
            if torch.is_grad_enabled() and x.requires_grad:
                return (Signal.apply(x, ended),) + tuple(inputs[1:])
            return None

        def post(mod, inputs, out, state=state):
            kind = state.get('kind')
            if kind is None: return None
            fwd[kind] += 1000 * (time.perf_counter() - state['t'])
            if torch.is_grad_enabled() and out.requires_grad:
                clock = state['clock']
                return Signal.apply(out, lambda: clock.__setitem__('started', time.perf_counter()))
            return None

        m.register_forward_pre_hook(pre); m.register_forward_hook(post)
    rows = defaultdict(list)
    for b in range(a.batches):
        xb, yb = X[b * 128:(b + 1) * 128], Y[b * 128:(b + 1) * 128]
        fwd.clear(); bwd.clear()
        opt.zero_grad()
        t0 = time.perf_counter()
        out, _ = net(xb); loss = F.cross_entropy(out, yb); loss.item()
        f = 1000 * (time.perf_counter() - t0)
        t1 = time.perf_counter(); loss.backward(); bw = 1000 * (time.perf_counter() - t1)
        t2 = time.perf_counter(); nn.utils.clip_grad_norm_(net.parameters(), 5.); clip = 1000 * (time.perf_counter() - t2)
        t3 = time.perf_counter(); opt.step(); step = 1000 * (time.perf_counter() - t3)
        if b < 3: continue
        for k, v in fwd.items(): rows['forward: ' + k].append(v)
        for k, v in bwd.items(): rows['backward: ' + k].append(v)
        rows['forward: the rest (concatenations, sums, loss)'].append(f - sum(fwd.values()))
        rows['backward: the rest'].append(bw - sum(bwd.values()))
        rows['gradient clipping'].append(clip); rows['SGD step'].append(step)
        rows['step total'].append(f + bw + clip + step)
    for k, v in rows.items():
        print(f'op\t{k}\t{statistics.median(v):.3f}')


if __name__ == '__main__':
    main()
