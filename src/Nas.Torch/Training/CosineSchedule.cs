namespace Nas.Torch.Training;

/// <summary>
/// The cosine learning-rate schedule of every trainer here, per epoch, without restarts (torch's
/// <c>CosineAnnealingLR</c> in closed form): epoch e of E (0-based) trains at
/// <c>min + (max − min)(1 + cos(π e / E)) / 2</c>, from the maximum down towards the minimum. Closed form, so a
/// resumed run computes the rate of its next epoch from the epoch number alone.
/// </summary>
public sealed class CosineSchedule
{
    /// <param name="maximum">The rate of the first epoch.</param>
    /// <param name="minimum">The rate the schedule approaches at its end.</param>
    /// <param name="epochs">E, the epochs the schedule spans; at least 1.</param>
    public CosineSchedule(double maximum, double minimum, int epochs)
    {
        if (!double.IsFinite(maximum)) throw new ArgumentOutOfRangeException(nameof(maximum), maximum, "the maximum rate must be a finite number");
        if (!double.IsFinite(minimum)) throw new ArgumentOutOfRangeException(nameof(minimum), minimum, "the minimum rate must be a finite number");
        if (epochs < 1) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "a cosine schedule spans at least one epoch");
        (Maximum, Minimum, Epochs) = (maximum, minimum, epochs);
    }

    /// <summary>The rate of the first epoch.</summary>
    public double Maximum { get; }

    /// <summary>The rate the schedule approaches at its end.</summary>
    public double Minimum { get; }

    /// <summary>The epochs the schedule spans.</summary>
    public int Epochs { get; }

    /// <summary>The rate of epoch <paramref name="epoch"/>, 0-based.</summary>
    /// <param name="epoch">The epoch, from 0.</param>
    public double Rate(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        return Minimum + (Maximum - Minimum) * (1 + Math.Cos(Math.PI * epoch / Epochs)) / 2;
    }
}
