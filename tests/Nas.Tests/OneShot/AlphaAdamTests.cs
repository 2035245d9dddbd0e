using Nas.Torch.OneShot;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Tests.OneShot;

public class AlphaAdamTests
{
    [Fact]
    public void Matches_torch_adam_with_weight_decay()
    {
        using var scope = NewDisposeScope();
        var start = randn(3, 4, generator: new Generator(1));
        var ours = new Parameter(start.clone());
        var theirs = new Parameter(start.clone());
        using var adam = new AlphaAdam(new[] { ours }, 0.01, 0.5, 0.999, 1e-3);
        using var reference = optim.Adam(new[] { theirs }, 0.01, 0.5, 0.999, weight_decay: 1e-3);
        for (int step = 0; step < 5; step++)
        {
            adam.ZeroGrad();
            reference.zero_grad();
            ours.pow(3).sum().backward();
            theirs.pow(3).sum().backward();
            adam.Step();
            reference.step();
        }
        Assert.True(ours.allclose(theirs, rtol: 1e-5, atol: 1e-6));
        Assert.False(ours.allclose(start));
    }
}
