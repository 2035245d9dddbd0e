using System.Diagnostics;
using Nas.Spaces;
using Nas.Spaces.Cells;
using Nas.Spaces.Macro;
using Nas.Torch.Data;
using Nas.Torch.Enas;
using Nas.Torch.Training;
using static TorchSharp.torch;

namespace Nas.Bench;

/// <summary>
/// Time per ENAS search epoch and resident memory after each, for one small stated configuration of each
/// space, on random 1×28×28 images (10 classes): memory that stays flat from epoch to epoch shows that
/// nothing accumulates.
/// </summary>
internal static class EnasBenchmark
{
    public static void Run(string which, int epochs, int images)
    {
        foreach (var name in which == "both" ? new[] { EnasMacroSpace.Name, EnasCellSpace.Name } : new[] { which })
        {
            bool micro = name == EnasCellSpace.Name;
            SearchSpace space = micro ? EnasCellSpace.Create() : EnasMacroSpace.Create(new EnasMacroSpaceOptions(Layers: 6));
            var options = micro ? new EnasSearchOptions(Channels: 8, NormalCells: 1, ControllerSteps: 10, ValidationBatchSize: 64, FinalSamples: 1)
                                : new EnasSearchOptions(Channels: 16, ControllerSteps: 10, ValidationBatchSize: 64, FinalSamples: 1);
            var recipe = new TrainingOptions { Epochs = epochs, BatchSize = 64, Seed = 1 };
            using var train = new ImageDataset("random", randn(images, 1, 28, 28), randint(0, 10, images, ScalarType.Int64), 10);
            using var validation = new ImageDataset("random", randn(640, 1, 28, 28), randint(0, 10, 640, ScalarType.Int64), 10);
            var build = Stopwatch.StartNew();
            using var trainer = new EnasTrainer(space, train, validation, recipe, options);
            Console.WriteLine($"enas benchmark: {space}; C={options.Channels}{(micro ? $", {3 * options.NormalCells + 2} cells" : "")}, " +
                $"{images} random 1x28x28 images, batch {recipe.BatchSize} ({images / recipe.BatchSize} shared steps), {options.ControllerSteps} controller steps of {options.ValidationBatchSize} validation images; " +
                $"{Nas.Torch.Statistics.ModelStatistics.Parameters(trainer.Network)} shared parameters, built in {build.Elapsed.TotalSeconds:F1} s; threads {get_num_threads()}");
            for (int e = 0; e < epochs; e++)
            {
                var epoch = trainer.RunEpoch();
                GC.Collect();
                using var self = Process.GetCurrentProcess();
                Console.WriteLine($"  epoch {epoch.Epoch}: {epoch.Seconds:F1} s, RSS {self.WorkingSet64 / 1048576.0:F0} MiB, peak RSS {self.PeakWorkingSet64 / 1048576.0:F0} MiB, " +
                    $"live tensors {TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount}, shared loss {epoch.SharedLoss:F3}, mean reward {epoch.MeanReward:F3}");
            }
        }
    }
}
