using Nas.Architectures;
using Nas.Spaces;
using Nas.Strategies;

namespace Nas.Verification;

/// <summary>
/// A closed-form objective with a known optimum over any space, for measuring strategies without training:
/// a hidden target architecture scores 1 and every other scores less. Each categorical decision, and each option
/// of a subset decision, is an item with a state (its option, in or out, or absent when the decision does not
/// apply). An item at the target's state earns its weight; any other state earns a random share of it (up to
/// 70%) that depends on the item before it as well, so the landscape is rugged rather than separable; two
/// neighbouring items both at the target earn a further bonus. <see cref="Observe"/> adds Gaussian noise, as a
/// trained network's validation accuracy has.
/// </summary>
public sealed class SyntheticObjective
{
    private readonly ArchitectureEncoding _encoding;
    private readonly int[] _target;
    private readonly double[] _weight, _bonus;
    private readonly ulong _salt;
    private readonly double _total;

    /// <param name="space">The space; the target is a uniformly drawn member of it.</param>
    /// <param name="seed">Chooses the target, the weights and the partial credits.</param>
    /// <param name="noise">Standard deviation of the noise <see cref="Observe"/> adds (0.01: a validation accuracy's).</param>
    public SyntheticObjective(SearchSpace space, int seed, double noise = 0.01)
    {
        ArgumentNullException.ThrowIfNull(space);
        if (!(noise >= 0) || double.IsInfinity(noise)) throw new ArgumentOutOfRangeException(nameof(noise), noise, "must be a finite number, 0 or more");
        Space = space;
        Noise = noise;
        // Salted: a strategy seeded with the same number must not draw the target as its first random architecture.
        var random = new SeededRandom(unchecked(seed * 0x5851F42D4C957F2DL + 0x14057B7EF767814FL));
        Optimum = ArchitectureSampler.Sample(space, random);
        _encoding = new ArchitectureEncoding(space);
        _target = _encoding.Encode(Optimum);
        _weight = _target.Select(_ => 0.5 + random.NextDouble()).ToArray();
        _bonus = _target.Select(_ => 0.25 + 0.5 * random.NextDouble()).ToArray();
        _salt = random.NextUInt64();
        _total = _weight.Sum() + _bonus.Skip(1).Sum();
    }

    /// <summary>The space.</summary>
    public SearchSpace Space { get; }

    /// <summary>The one architecture that scores 1.</summary>
    public Architecture Optimum { get; }

    /// <summary>Standard deviation of the observation noise.</summary>
    public double Noise { get; }

    /// <summary>The true score in [0, 1]; 1 only at <see cref="Optimum"/>.</summary>
    /// <param name="architecture">An architecture of the space.</param>
    public double Value(Architecture architecture)
    {
        var states = _encoding.Encode(architecture);
        double sum = 0;
        for (int i = 0; i < states.Length; i++)
        {
            bool hit = states[i] == _target[i];
            sum += hit ? _weight[i] : _weight[i] * 0.7 * Share(i, i == 0 ? -2 : states[i - 1], states[i]);
            if (i > 0 && hit && states[i - 1] == _target[i - 1]) sum += _bonus[i];
        }
        return sum / _total;
    }

    /// <summary>How far below the optimum an architecture is: 1 minus its true score.</summary>
    /// <param name="architecture">An architecture of the space.</param>
    public double Regret(Architecture architecture) => 1 - Value(architecture);

    /// <summary>The true score plus Gaussian noise of <see cref="Noise"/>, as a strategy sees it.</summary>
    /// <param name="architecture">An architecture of the space.</param>
    /// <param name="random">Draws the noise.</param>
    public double Observe(Architecture architecture, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Value(architecture) + Noise * random.NextStandardNormal();
    }

    // A fixed pseudo-random number in [0, 1) for an item's state given the state of the item before it.
    private double Share(int item, int previous, int state)
    {
        ulong x = _salt ^ (ulong)item * 0x9E3779B97F4A7C15UL ^ (ulong)(previous + 3) * 0xBF58476D1CE4E5B9UL ^ (ulong)(state + 3) * 0x94D049BB133111EBUL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return (x >> 11) * (1.0 / (1UL << 53));
    }
}
