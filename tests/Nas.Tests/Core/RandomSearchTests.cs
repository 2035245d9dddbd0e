using Nas.Spaces.Macro;
using Nas.Strategies;

namespace Nas.Tests.Core;

public class RandomSearchTests
{
    [Fact]
    public void Same_seed_same_proposals_other_seed_other_proposals()
    {
        var space = MacroSpace.Create();
        var a = new RandomSearch(space, 7);
        var b = new RandomSearch(space, 7);
        var c = new RandomSearch(space, 8);
        var pa = Enumerable.Range(0, 20).Select(_ => a.Ask()!.Architecture).ToList();
        var pb = Enumerable.Range(0, 20).Select(_ => b.Ask()!.Architecture).ToList();
        var pc = Enumerable.Range(0, 20).Select(_ => c.Ask()!.Architecture).ToList();
        Assert.Equal(pa, pb);
        Assert.NotEqual(pa, pc);
    }

    [Fact]
    public void Samples_every_option_about_uniformly()
    {
        var space = MacroSpace.Create();
        var search = new RandomSearch(space, 1);
        var counts = new int[4];
        int skipIn = 0, skipTotal = 0;
        const int n = 4000;
        for (int i = 0; i < n; i++)
        {
            var arch = search.Ask()!.Architecture;
            counts[arch["L3.filters"].Index]++;
            skipIn += arch["L5.inputs"].Indices.Length;
            skipTotal += 4;
        }
        Assert.All(counts, c => Assert.InRange(c, n / 4 * 0.9, n / 4 * 1.1));
        Assert.InRange(skipIn / (double)skipTotal, 0.47, 0.53);
    }
}
