using System.Text.Json.Nodes;
using Nas.Search;

namespace Nas.Torch.Final;

/// <summary>
/// An architecture ready to be trained from scratch on the whole training set and measured on the test set once:
/// built by <see cref="FinalTraining.Create"/> with every setting checked, the data loaded and the network built.
/// Dispose it to free them.
/// </summary>
public interface ITrainingRun : IDisposable
{
    /// <summary>The architecture in one line.</summary>
    string Description { get; }

    /// <summary>The network's size and the data, before training.</summary>
    IReadOnlyList<SearchFigure> Facts { get; }

    /// <summary>Epochs in all.</summary>
    int Epochs { get; }

    /// <summary>Every setting in effect (for the result file and the checkpoint's fingerprint).</summary>
    JsonObject Configuration { get; }

    /// <summary>Trains (or continues), measures the test set, writes the model and the result; deletes the checkpoint once they are written.</summary>
    Task<FinalResult> RunAsync(TrainingSession session, CancellationToken cancellationToken = default);
}
