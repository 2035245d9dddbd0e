namespace Nas.Torch.Training;

/// <summary>
/// The cosine learning-rate schedule of TorchSharp's <c>CosineAnnealingLR</c>, computed as it computes it (each
/// rate from the one before, not the closed form), so runs keep TorchSharp's rates to the last bit:
/// <c>lr_e = (1 + cos(π e/T)) / (1 + cos(π (e−1)/T)) · (lr_{e−1} − η) + η</c>, starting at the base rate.
/// </summary>
public sealed class CosineSchedule
{
    private readonly double _base, _epochs, _minimum;

    /// <param name="baseRate">The rate of the first epoch.</param>
    /// <param name="epochs">T, the epochs over which the rate falls to <paramref name="minimum"/>.</param>
    /// <param name="minimum">η, the rate at epoch T.</param>
    public CosineSchedule(double baseRate, double epochs, double minimum) => (_base, _epochs, _minimum) = (baseRate, epochs, minimum);

    /// <summary>The rate of the first epoch.</summary>
    public double Start => _base;

    /// <summary>The rate after <paramref name="epochsDone"/> epochs (1 or more), from the rate of the epoch before.</summary>
    public double Next(int epochsDone, double previous)
    {
        int e = epochsDone;
        // TorchSharp's restart term, reached only past T (at e = T + 1, 3T + 1, ...).
        if ((e - 1 - _epochs) % (2 * _epochs) == 0)
            return previous + (_base - _minimum) * (1 - Math.Cos(Math.PI / _epochs)) / 2;
        return (1 + Math.Cos(Math.PI * e / _epochs)) / (1 + Math.Cos(Math.PI * (e - 1) / _epochs)) * (previous - _minimum) + _minimum;
    }
}
