using System.Diagnostics;
using Nas.Evaluation;
using Nas.Spaces;
using Nas.Spaces.Cells;
using Nas.Spaces.Macro;
using Nas.Strategies;
using Nas.Torch.Controllers;

/// <summary>
/// The NAS-RL controller's own cost per architecture, apart from training children: sampling (Ask) and the
/// REINFORCE update (Tell, one update per result with m = 1), for the macro space and the DARTS cell space,
/// with the CLI's default controller settings.
/// </summary>
static class ControllerBenchmark
{
    public static void Run(int architectures)
    {
        Console.WriteLine($"controller benchmark: {architectures} architectures per space, default reinforce settings (LSTM 100, m = 1), threads {TorchSharp.torch.get_num_threads()}");
        foreach (var space in new SearchSpace[] { MacroSpace.Create(), SpaceCatalog.Default.Create(DartsCellSpace.Name, System.Text.Json.JsonDocument.Parse("{}").RootElement) })
        {
            using var strategy = new ReinforceStrategy(space, 1);
            var random = new Random(1);
            for (int i = 0; i < 5; i++) strategy.Tell(strategy.Ask()!, Score(random)); // warm-up
            double ask = 0, tell = 0;
            var clock = new Stopwatch();
            for (int i = 0; i < architectures; i++)
            {
                clock.Restart();
                var p = strategy.Ask()!;
                ask += clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                strategy.Tell(p, Score(random));
                tell += clock.Elapsed.TotalMilliseconds;
            }
            Console.WriteLine($"  {space.Name,-10} {space.Decisions.Length,3} decisions: sample {ask / architectures:F2} ms, update {tell / architectures:F2} ms, total {(ask + tell) / architectures:F2} ms per architecture");
        }
    }

    private static TrialOutcome Score(Random random) => TrialOutcome.Completed(new TrialMetrics(random.NextDouble(), 1, 0, 0, 0, Array.Empty<EpochMetrics>()));
}
