using TorchSharp;
using Nas.Torch.Networks;
using Nas.Torch.Networks.Cells;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Statistics;

/// <summary>
/// Parameter and multiply-add counts of any network the project builds. Multiply-adds follow the
/// convention of the NAS papers: convolutions and linear layers only, for one input example, measured
/// by running one forward pass with hooks (so every network shape is counted as it really runs).
/// Hooks fire only through <c>Module.call</c>: every module of the project calls its children that way.
/// </summary>
public static class ModelStatistics
{
    /// <summary>Trainable parameters, optionally skipping those whose name starts with a prefix (for example the auxiliary head).</summary>
    /// <param name="module">The network.</param>
    /// <param name="excludePrefix">Leave out parameters whose name starts with it; null for none.</param>
    public static long Parameters(nn.Module module, string? excludePrefix = null) =>
        module.named_parameters()
            .Where(p => excludePrefix is null || !p.name.StartsWith(excludePrefix, StringComparison.Ordinal))
            .Sum(p => p.parameter.numel());

    /// <summary>
    /// Parameters as the DARTS reference counts them: a cell network's auxiliary head is set apart;
    /// every other network has none.
    /// </summary>
    /// <param name="module">The network.</param>
    public static ParameterCount Count(nn.Module module) => module switch
    {
        CellClassifier c => c.CountParameters(),
        ICellNetwork n => n.CountParameters(),
        _ => new ParameterCount(Parameters(module), 0),
    };

    /// <summary>Multiply-adds of one forward pass of one example of shape [C, H, W] (eval mode, no gradients).</summary>
    /// <param name="module">The network; its training mode is restored afterwards.</param>
    /// <param name="exampleShape">[C, H, W] of one example.</param>
    /// <param name="device">Where the network is (null: the CPU).</param>
    public static long MultiplyAdds(nn.Module<Tensor, Tensor> module, long[] exampleShape, Device? device = null)
    {
        long total = 0;
        var removers = new List<Action>();
        foreach (var (_, child) in module.named_modules())
        {
            switch (child)
            {
                case Conv2d conv:
                    var convHook = (conv.register_forward_hook((m, input, output) =>
                    {
                        var w = conv.weight!.shape; // [out, in/groups, kh, kw]
                        total += output.shape[1] * output.shape[2] * output.shape[3] * w[1] * w[2] * w[3];
                        return output;
                    }));
                    removers.Add(convHook.remove);
                    break;
                case Linear linear:
                    var linearHook = (linear.register_forward_hook((m, input, output) =>
                    {
                        total += linear.weight!.shape[0] * linear.weight!.shape[1];
                        return output;
                    }));
                    removers.Add(linearHook.remove);
                    break;
            }
        }
        bool wasTraining = module.training;
        try
        {
            module.eval();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var shape = new long[exampleShape.Length + 1];
            shape[0] = 1;
            exampleShape.CopyTo(shape, 1);
            module.call(zeros(shape, device: device ?? CPU));
        }
        finally
        {
            foreach (var remove in removers) remove();
            module.train(wasTraining);
        }
        return total;
    }
}
