namespace Nas.Strategies;

/// <summary>Draws that <see cref="Random"/> does not offer.</summary>
public static class RandomExtensions
{
    /// <summary>A standard normal number by the Box–Muller transform, from two uniform draws (in that order).</summary>
    /// <param name="random">The generator.</param>
    public static double NextStandardNormal(this Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
