namespace Nas.Torch.Training;

/// <summary>The loss became NaN or infinite; the trial fails with this reason.</summary>
public sealed class TrainingDivergedException : Exception
{
    public TrainingDivergedException(string message) : base(message) { }
}
