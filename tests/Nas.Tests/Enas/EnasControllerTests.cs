using Nas.Spaces.Macro;
using Nas.Torch.Controllers;
using Nas.Torch.Enas;
using TorchSharp;

namespace Nas.Tests.Enas;

public class EnasControllerTests : IDisposable
{
    private readonly OneThread _thread = new();

    public void Dispose() => _thread.Dispose();

    // Reward: the fraction of layers whose op is conv_3x3, and no skips. Uniform sampling averages about 0.17.
    private static double Reward(Nas.Architectures.Architecture a)
    {
        var g = EnasMacroSpace.Decode(a);
        return g.Layers.Count(l => l.Op == EnasMacroOps.Conv3x3) / (double)g.Layers.Count - 0.1 * g.Layers.Sum(l => l.Skips.Count);
    }

    [Fact]
    public void The_reward_rises_on_a_small_problem()
    {
        var space = EnasMacroSpace.Create(new EnasMacroSpaceOptions(Layers: 3, PoolAfter: Array.Empty<int>()));
        var options = EnasControllerOptions.ForMacro() with { LearningRate = 0.02, Sampling = new ControllerOptions(HiddenSize: 16, TanhConstant: 1.5, SkipWeight: 0.0) };
        using var controller = new EnasController(space, options, seed: 3);
        var rewards = new List<double>();
        for (int i = 0; i < 300; i++)
        {
            var child = controller.Sample();
            var step = controller.Learn(child, Reward(child));
            rewards.Add(step.Reward);
        }
        double first = rewards.Take(50).Average(), last = rewards.TakeLast(50).Average();
        Assert.True(last > first + 0.3, $"mean reward of the first 50 children {first:F3}, of the last 50 {last:F3}");
    }

    [Fact]
    public void The_baseline_starts_at_the_first_reward_and_then_moves_by_its_decay()
    {
        var space = EnasMacroSpace.Create(new EnasMacroSpaceOptions(Layers: 2, PoolAfter: Array.Empty<int>()));
        using var controller = new EnasController(space, EnasControllerOptions.ForMacro() with { BaselineDecay = 0.9 }, seed: 1);
        var first = controller.Learn(controller.Sample(), 0.5);
        Assert.Equal(0.5, first.Baseline, 12);
        Assert.Equal(0.0, first.Advantage, 12);
        var second = controller.Learn(controller.Sample(), 1.0);
        Assert.Equal(0.55, second.Baseline, 12);
        Assert.Equal(0.45, second.Advantage, 12);
    }

    [Fact]
    public void Sampling_and_learning_leave_no_tensors_behind()
    {
        var space = EnasMacroSpace.Create(new EnasMacroSpaceOptions(Layers: 4));
        using var controller = new EnasController(space, EnasControllerOptions.ForMacro(), seed: 2);
        controller.Learn(controller.Sample(), 0.3); // Adam's state exists from here on
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 10; i++) controller.Learn(controller.Sample(), 0.1 * i);
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
