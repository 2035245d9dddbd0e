using Nas.Strategies;

namespace Nas.Tests.Strategies;

public sealed class ArchitectureMutatorTests
{
    [Fact]
    public void Mutate_ChangesExactlyOneDecision_WhenNothingDepends()
    {
        var space = TestSpaces.FlatWithSubset();
        var random = new SeededRandom(3);
        var changedNames = new HashSet<string>();
        for (int i = 0; i < 500; i++)
        {
            var parent = ArchitectureSampler.Sample(space, random);
            var child = ArchitectureMutator.Mutate(parent, random);
            Assert.Equal(1, TestSpaces.Differences(parent, child));
            var changed = space.Decisions.Single(d => !parent[d.Name].Equals(child[d.Name]));
            changedNames.Add(changed.Name);
            if (changed.IsSubset)
                Assert.Single(parent[changed.Name].Indices.Concat(child[changed.Name].Indices)
                    .GroupBy(x => x), g => g.Count() == 1); // exactly one option flipped
        }
        Assert.Equal(space.Decisions.Length, changedNames.Count); // every decision gets mutated sometimes
    }

    [Fact]
    public void Near_ChangesOneDecisionOrTwo_AboutHalfTheTimeEach()
    {
        var space = TestSpaces.FlatWithSubset();
        var random = new SeededRandom(7);
        var parent = ArchitectureSampler.Sample(space, random);
        var counts = new int[4];
        for (int i = 0; i < 1000; i++) counts[Math.Min(3, TestSpaces.Differences(parent, ArchitectureMutator.Near(parent, random)))]++;
        Assert.Equal(0, counts[3]);
        // Two mutations may undo each other or hit one decision twice: then zero or one differences.
        Assert.InRange(counts[1], 400, 750);
        Assert.InRange(counts[2], 250, 600);
    }

    [Fact]
    public void Mutate_RepairsDependentDecisions_AndAlwaysChangesSomething()
    {
        var space = TestSpaces.Dependent();
        var random = new SeededRandom(5);
        bool sawDepthChange = false;
        for (int i = 0; i < 1000; i++)
        {
            var parent = ArchitectureSampler.Sample(space, random);
            var child = ArchitectureMutator.Mutate(parent, random); // Architecture.Create validates every value
            Assert.NotEqual(parent, child);
            if (!parent["depth"].Equals(child["depth"]))
            {
                sawDepthChange = true;
                // Decisions after depth are kept whenever still valid.
                if (child.Has("op2") && parent.Has("op2")) Assert.Equal(parent["op2"], child["op2"]);
            }
            else Assert.Equal(1, TestSpaces.Differences(parent, child));
        }
        Assert.True(sawDepthChange);
    }
}
