namespace Nas.Torch.Training;

/// <summary>
/// A network with drop-path on its edges; the <see cref="Trainer"/> ramps the probability linearly over the
/// epochs, from 0 in the first to <see cref="TrainingOptions.DropPath"/>·(E−1)/E in the last, as DARTS does.
/// </summary>
public interface IDropPathNetwork
{
    /// <summary>Drop-path probability used while training; must be in [0, 1).</summary>
    double DropPathProbability { get; set; }
}
