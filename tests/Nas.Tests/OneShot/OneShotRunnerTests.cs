using Nas.Spaces.Cells;
using Nas.Tests.Torch;
using Nas.Torch.Ops;
using Nas.Torch.OneShot;
using TorchSharp;

namespace Nas.Tests.OneShot;

public class OneShotRunnerTests
{
    private static readonly OneShotOptions Tiny = new()
    {
        Channels = 2, Layers = 3, Epochs = 1, BatchSize = 16, Seed = 3, EvaluationBatchSize = 64,
    };

    private static IReadOnlyList<OneShotEpoch> Run(OneShotOptions options)
    {
        using var train = TinyData.LeftRight(32, 1);
        using var validation = TinyData.LeftRight(16, 2);
        return OneShotRunner.Run(options, train, validation);
    }

    [Theory]
    [InlineData(OneShotMethod.Darts)]
    [InlineData(OneShotMethod.DartsSecondOrder)]
    [InlineData(OneShotMethod.Snas)]
    public void Every_method_records_each_epoch(OneShotMethod method)
    {
        var epochs = Run(Tiny with { Method = method });
        Assert.Single(epochs);
        foreach (var e in epochs)
        {
            Assert.Equal(14, e.NormalProbabilities.Length);
            Assert.All(e.NormalProbabilities.Concat(e.ReduceProbabilities), row => Assert.Equal(1.0, row.Sum(), 6));
            Assert.InRange(e.Entropy, 0, 28 * Math.Log(8) + 1e-9);
            Assert.InRange(e.TrainAccuracy, 0, 1);
            Assert.InRange(e.ValidationAccuracy, 0, 1);
            Assert.Equal(e.Genotype, e.Genotype.Validate());
            Assert.Equal(method == OneShotMethod.Snas, e.Child is not null);
            Assert.Equal(method == OneShotMethod.Snas, double.IsFinite(e.ExpectedCost));
        }
        if (method != OneShotMethod.Snas) Assert.DoesNotContain(epochs[0].Genotype.Normal, e => e.Op == CellOps.None);
    }

    [Fact]
    public void Same_seed_same_search()
    {
        var a = Run(Tiny with { Epochs = 1 });
        var b = Run(Tiny with { Epochs = 1 });
        Assert.Equal(a[0].NormalProbabilities.SelectMany(r => r), b[0].NormalProbabilities.SelectMany(r => r));
        Assert.Equal(a[0].TrainLoss, b[0].TrainLoss);
    }

    [Theory]
    [InlineData(ResourceKind.Madds)]
    public void Resource_penalty_lowers_the_expected_cost(ResourceKind kind)
    {
        var options = Tiny with { Method = OneShotMethod.Snas, Resource = kind, AlphaLearningRate = 0.05 };
        var free = Run(options with { ResourceWeight = 0 });
        var penalised = Run(options with { ResourceWeight = 2 });
        Assert.True(penalised[^1].ExpectedCost < free[^1].ExpectedCost,
            $"{kind}: with penalty {penalised[^1].ExpectedCost}, without {free[^1].ExpectedCost}");
    }

    [Fact]
    public void A_run_leaves_no_live_tensors_behind()
    {
        var methods = new[] { OneShotMethod.Darts, OneShotMethod.DartsSecondOrder, OneShotMethod.Snas };
        OneShotOptions With(OneShotMethod m) => Tiny with { Method = m, ResourceWeight = m == OneShotMethod.Snas ? 0.5 : 0 };
        foreach (var method in methods) Run(With(method)); // warm-up: lazily created globals
        long baseline = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        foreach (var method in methods)
        {
            Run(With(method));
            Assert.True(baseline == DisposeScopeManager.Statistics.ThreadTotalLiveCount,
                $"{method}: {DisposeScopeManager.Statistics.ThreadTotalLiveCount - baseline} tensors left alive");
        }
    }

    [Fact]
    public void Bad_options_name_the_property()
    {
        using var train = TinyData.LeftRight(32, 1);
        Assert.Equal("Layers", Assert.Throws<ArgumentOutOfRangeException>(() => new OneShotRunner(Tiny with { Layers = 2 }, train, train)).ParamName);
        Assert.Equal("ResourceWeight", Assert.Throws<ArgumentOutOfRangeException>(() => new OneShotRunner(Tiny with { ResourceWeight = -1 }, train, train)).ParamName);
        Assert.Equal("MaxSkip", Assert.Throws<ArgumentOutOfRangeException>(() => new OneShotRunner(Tiny with { MaxSkip = -1 }, train, train)).ParamName);
    }

    [Fact]
    public void A_device_other_than_the_cpu_or_too_few_channels_name_the_argument()
    {
        using var train = TinyData.LeftRight(32, 1);
        var e = Assert.Throws<ArgumentException>(() => new OneShotRunner(Tiny with { Device = new TorchSharp.torch.Device(TorchSharp.DeviceType.CUDA, 0) }, train, train));
        Assert.Equal("options", e.ParamName);
        Assert.StartsWith("Device must be cpu", e.Message);
        Assert.Equal("channels", Assert.Throws<ArgumentOutOfRangeException>(() => new Supernet(OpRegistry.Darts, 0, 3, 2)).ParamName);
    }
}
