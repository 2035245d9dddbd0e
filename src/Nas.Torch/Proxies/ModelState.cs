using static TorchSharp.torch;

namespace Nas.Torch.Proxies;

/// <summary>
/// A copy of everything a proxy may disturb in a network (parameters, buffers such as batch-norm statistics, and each
/// module's training flag), put back by <see cref="Restore"/>. The copies belong to the caller's dispose scope.
/// </summary>
internal sealed class ModelState
{
    private readonly List<(Tensor Live, Tensor Copy)> _tensors = new();
    private readonly List<(nn.Module Module, bool Training)> _modes = new();

    private ModelState() { }

    public static ModelState Save(nn.Module model)
    {
        var state = new ModelState();
        using (no_grad())
        {
            foreach (var p in model.parameters()) state._tensors.Add((p, p.detach().clone()));
            foreach (var b in model.buffers()) state._tensors.Add((b, b.detach().clone()));
        }
        // Parents before children: train(bool) is recursive, so restoring in this order leaves every module's own flag.
        state._modes.Add((model, model.training));
        foreach (var (_, m) in model.named_modules()) state._modes.Add((m, m.training));
        return state;
    }

    public void Restore()
    {
        using (no_grad())
            foreach (var (live, copy) in _tensors) live.copy_(copy);
        foreach (var (module, training) in _modes) module.train(training);
    }
}
