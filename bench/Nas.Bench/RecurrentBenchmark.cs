using Nas.Spaces.Recurrent;
using Nas.Torch.Networks.Recurrent;
using Nas.Torch.Training;
using TorchSharp;

namespace Nas.Bench;

/// <summary>
/// Training tokens/s of a language model with the DARTS_V2 cell against the same model with TorchSharp's
/// fused <c>nn.LSTM</c> (same size, vocabulary, batch, windows and trainer), and the DARTS search over the DAG
/// cell (supernet, one alpha step on a validation window per training window), alternated in rounds in one process.
/// </summary>
internal static class RecurrentBenchmark
{
    public const int Tokens = 10_000;
    public const int BatchSize = 32;
    public const int Bptt = 35;

    /// <summary>A random token stream: speed does not depend on the text.</summary>
    public static int[] Stream(int count)
    {
        var random = new Random(1);
        return Enumerable.Range(0, count).Select(_ => random.Next(Tokens)).ToArray();
    }

    /// <summary>Training tokens/s of one epoch over the stream (validation excluded).</summary>
    public static double Run(Func<int, int, double, RecurrentCell> cell, int size, int[] train, int[] validation)
    {
        torch.manual_seed(1);
        using var model = new RecurrentLanguageModel(Tokens, new LanguageModelOptions(size), cell);
        var trainer = new LanguageModelTrainer(new LanguageTrainingOptions { Epochs = 1, BatchSize = BatchSize, Bptt = Bptt, VariableLength = false, Averaging = false });
        return trainer.Train(model, train, validation).Epochs[0].ImagesPerSecond;
    }

    /// <summary>Training tokens/s of one epoch of the DARTS search over the 8-node DAG cell (alpha step + weight step per window).</summary>
    public static double Search(int size, int[] train, int[] validation)
    {
        var options = new Nas.Torch.OneShot.RecurrentDartsOptions
        {
            Weights = new LanguageTrainingOptions { Epochs = 1, BatchSize = BatchSize, Bptt = Bptt, VariableLength = false, Averaging = false },
        };
        return Nas.Torch.OneShot.RecurrentDartsRunner.Run(options, Tokens, new LanguageModelOptions(size), train, validation)[0].TokensPerSecond;
    }

    public static Func<int, int, double, RecurrentCell> DartsV2 => RecurrentNetworks.CellOf(PublishedRecurrentGenotypes.DartsV2);
}
