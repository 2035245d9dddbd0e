using Nas.Evaluation;
using Nas.Spaces.Macro;
using Nas.Strategies;
using Nas.Torch.Evaluation;
using Nas.Torch.Runtime;
using Nas.Torch.Training;
using TorchSharp;

namespace Nas.Tests.Torch;

/// <summary>oneDNN for a trial's network when the trial runs alone in its process, as for <c>nas train</c>'s network.</summary>
[Collection(nameof(RunsAlone))] // it switches the process's kernels while it trains
public class TrainingEvaluatorKernelsTests
{
    private sealed class Watch(Action each) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => each();
    }

    [Fact]
    public async Task A_trial_alone_in_a_one_network_process_trains_with_oneDNN_admitted_and_others_on_the_processs_kernels()
    {
        bool? chosen = CpuKernels.ApplyDefaults();
        // Admission applies where oneDNN is off because it computes some convolution wrong here (the AMD machines);
        // elsewhere the process's choice stands for every trial.
        bool applies = chosen == false && OneDnnProbe.FirstDisagreement() is not null;
        using var train = TinyData.LeftRight(64, 1);
        using var validation = TinyData.LeftRight(32, 2);
        var space = MacroSpace.Create(new MacroSpaceOptions(Layers: 3, FilterCounts: new[] { 16, 20 }));
        var evaluator = new TrainingEvaluator(train, validation, new TrainingOptions { Epochs = 1, BatchSize = 16, LearningRate = 0.05, Seed = 3 });
        var architecture = ArchitectureSampler.Sample(space, new Random(1));

        async Task<List<bool?>> During(bool alone)
        {
            var seen = new List<bool?>();
            var metrics = await evaluator.EvaluateAsync(architecture, new TrialContext(1, 1, new Watch(() => seen.Add(CpuKernels.OneDnnEnabled))) { Alone = alone }, CancellationToken.None);
            Assert.InRange(metrics.ValidationAccuracy, 0, 1);
            Assert.Equal(chosen, CpuKernels.OneDnnEnabled); // restored after the trial
            Assert.NotEmpty(seen);
            return seen;
        }

        bool was = CpuKernels.OneNetworkAtATime;
        CpuKernels.OneNetworkAtATime = true;
        try
        {
            Assert.Equal(applies, CpuKernels.AdmitsPerNetwork); // what a search's record says
            await During(alone: true); // warm-up: lazily created globals
            long baseline = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            Assert.All(await During(alone: true), on => Assert.Equal(applies ? true : chosen, on));
            Assert.Equal(baseline, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
            Assert.All(await During(alone: false), on => Assert.Equal(chosen, on)); // a worker beside others: never
        }
        finally { CpuKernels.OneNetworkAtATime = was; }
        Assert.False(CpuKernels.AdmitsPerNetwork);

        // Nor in a process that does not train one network at a time (a library user's, which may train several).
        Assert.All(await During(alone: true), on => Assert.Equal(chosen, on));
    }
}
