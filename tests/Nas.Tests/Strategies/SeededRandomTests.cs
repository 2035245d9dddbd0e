using Nas.Strategies;

namespace Nas.Tests.Strategies;

public sealed class SeededRandomTests
{
    [Fact]
    public void SameSeed_GivesSameSequence_AndDifferentSeedsDiffer()
    {
        var a = new SeededRandom(7);
        var b = new SeededRandom(7);
        var c = new SeededRandom(8);
        var sa = Enumerable.Range(0, 100).Select(_ => a.Next(1000)).ToArray();
        Assert.Equal(sa, Enumerable.Range(0, 100).Select(_ => b.Next(1000)));
        Assert.NotEqual(sa, Enumerable.Range(0, 100).Select(_ => c.Next(1000)));
    }

    [Fact]
    public void ExportedState_ContinuesTheSequence()
    {
        var a = new SeededRandom(42);
        for (int i = 0; i < 37; i++) a.NextDouble();
        var b = SeededRandom.FromState(a.ExportState());
        Assert.Equal(Enumerable.Range(0, 50).Select(_ => a.NextUInt64()), Enumerable.Range(0, 50).Select(_ => b.NextUInt64()));
    }

    [Fact]
    public void Draws_StayInRange_AndCoverIt()
    {
        var r = new SeededRandom(1);
        var counts = new int[5];
        for (int i = 0; i < 5000; i++) counts[r.Next(5)]++;
        Assert.All(counts, n => Assert.InRange(n, 850, 1150));
        for (int i = 0; i < 1000; i++)
        {
            Assert.InRange(r.Next(-3, 4), -3, 3);
            Assert.InRange(r.NextDouble(), 0.0, 0.9999999999);
        }
        Assert.Equal(0, r.Next(0));
    }
}
