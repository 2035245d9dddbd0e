namespace Nas.Torch.Training;

/// <summary>The loss became NaN or infinite; the trial fails with this reason.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <param name="message">Where it diverged: the loss, the epoch and the batch.</param>
    public TrainingDivergedException(string message) : base(message) { }
}
