namespace Nas.Torch.Auto;

/// <summary>One candidate trained at one rung.</summary>
/// <param name="Rung">The rung, from 0.</param>
/// <param name="Candidate">The candidate's <see cref="AutoCandidate.Index"/>.</param>
/// <param name="Accuracy">Validation accuracy after the rung's training.</param>
/// <param name="Loss">Validation loss.</param>
/// <param name="Seconds">Seconds of the trial (training and validation).</param>
/// <param name="ImagesPerSecond">Measured training speed.</param>
public sealed record AutoTrial(int Rung, int Candidate, double Accuracy, double Loss, double Seconds, double ImagesPerSecond)
{
    /// <summary>Images it trained on (subset × epochs, the same time for every candidate of a rung, see <see cref="AutoSearch.EqualTime"/>; fewer when <see cref="Stopped"/>).</summary>
    public long Images { get; init; }

    /// <summary>Whether it stopped at the trial's time limit (<see cref="AutoSearch.TrialLimit"/>) before those images.</summary>
    public bool Stopped { get; init; }
}
