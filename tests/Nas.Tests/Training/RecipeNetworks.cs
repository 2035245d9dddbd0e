using Nas.Spaces.Macro;
using Nas.Strategies;
using Nas.Torch.Networks.Macro;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Tests.Training;

/// <summary>The small networks of the recipe tests.</summary>
internal static class RecipeNetworks
{
    /// <summary>A two-layer macro network (convolutions with batch norm) for 1x12x12 images, two classes, seeded.</summary>
    public static MacroNetwork Small(int seed)
    {
        var space = MacroSpace.Create(new MacroSpaceOptions(Layers: 2, FilterCounts: new[] { 8 }, FilterSizes: new[] { 3 }));
        torch.manual_seed(seed);
        return new MacroNetwork(MacroSpace.Decode(ArchitectureSampler.Sample(space, new Random(seed))), 1, 12, 12, 2);
    }

    /// <summary>
    /// A classifier of 1x12x12 images whose logits are fixed: a linear layer with zero weights and the given bias, so the
    /// loss can be computed by hand (a learning rate near 0 keeps it there).
    /// </summary>
    public static nn.Module<Tensor, Tensor> FixedLogits(params float[] bias)
    {
        var linear = nn.Linear(144, bias.Length);
        using (no_grad())
        {
            linear.weight!.zero_();
            using var b = tensor(bias);
            linear.bias!.copy_(b);
        }
        return nn.Sequential(nn.Flatten(), linear);
    }
}
