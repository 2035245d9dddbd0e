using Nas.Spaces;
using Nas.Spaces.Macro;
using Nas.Strategies;
using Nas.Tests.Strategies;
using Nas.Torch.Controllers;
using TorchSharp;

namespace Nas.Tests.Controllers;

public sealed class LstmControllerTests
{
    private static readonly ControllerOptions Small = new(HiddenSize: 16);

    public static TheoryData<string> Spaces => new() { "dependent", "macro", "flat-subset" };

    private static SearchSpace SpaceNamed(string name) => name switch
    {
        "dependent" => TestSpaces.Dependent(),
        // Three layers, one filter size, two filter counts: 64 architectures, two attention decisions.
        "macro" => MacroSpace.Create(new MacroSpaceOptions(Layers: 3, FilterSizes: new[] { 3 }, FilterCounts: new[] { 24, 36 }, PoolAfter: Array.Empty<int>())),
        _ => TestSpaces.FlatWithSubset(decisions: 2, options: 3, subsetOptions: 3),
    };

    [Theory]
    [MemberData(nameof(Spaces))]
    public void Probabilities_OfEveryArchitecture_SumToOne(string name)
    {
        // Masking, inactive decisions, subsets and attention all have to be right for this to hold.
        var space = SpaceNamed(name);
        using var controller = new LstmController(space, Small with { LstmLayers = 2, Temperature = 2, TanhConstant = 1.5, InitRange = 0.5 }, seed: 3);
        double total = TestSpaces.All(space).Sum(a => Math.Exp(controller.LogProbability(a)));
        Assert.Equal(1.0, total, 4);
    }

    [Fact]
    public void Layout_UsesAttentionForMacroInputs_AndBernoulliForOtherSubsets()
    {
        using var macro = new LstmController(SpaceNamed("macro"), Small);
        var kinds = macro.Layout.Slots.ToDictionary(s => s.Decision.Name, s => s.Kind);
        Assert.Equal(SlotKind.Attention, kinds["L2.inputs"]);
        Assert.Equal(SlotKind.Attention, kinds["L3.inputs"]);
        Assert.Equal(SlotKind.Categorical, kinds["L1.filters"]);

        using var flat = new LstmController(SpaceNamed("flat-subset"), Small);
        Assert.Equal(SlotKind.Bernoulli, flat.Layout.Slots.Single(s => s.Decision.IsSubset).Kind);
        using var dependent = new LstmController(SpaceNamed("dependent"), Small);
        Assert.Equal(SlotKind.Bernoulli, dependent.Layout.Slots.Single(s => s.Decision.Name == "skips").Kind);
    }

    [Fact]
    public void Samples_AreValid_Varied_AndFollowTheSeed()
    {
        var space = TestSpaces.Dependent();
        using var a = new LstmController(space, Small, seed: 1);
        using var b = new LstmController(space, Small, seed: 1);
        var ra = new SeededRandom(5);
        var rb = new SeededRandom(5);
        var samples = Enumerable.Range(0, 200).Select(_ => a.Sample(ra)).ToList(); // Architecture.Create checks each
        Assert.Equal(samples, Enumerable.Range(0, 200).Select(_ => b.Sample(rb)));
        Assert.True(samples.Distinct().Count() > 50);
        Assert.Contains(samples, s => !s.Has("op2"));
        Assert.Contains(samples, s => s.Has("op3") && s["skips"].Indices.Length == 2);
    }

    [Fact]
    public void Parameters_SurviveTheScopeTheControllerWasBuiltIn()
    {
        LstmController controller;
        using (var scope = torch.NewDisposeScope()) controller = new LstmController(TestSpaces.Flat(), Small);
        using (controller)
        {
            Assert.All(controller.parameters(), p => Assert.False(p.IsInvalid));
            Assert.True(double.IsFinite(controller.LogProbability(controller.Sample(new SeededRandom(1)))));
        }
    }
}
