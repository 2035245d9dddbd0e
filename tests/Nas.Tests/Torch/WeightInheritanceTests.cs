using Nas.Evaluation;
using Nas.Spaces.Macro;
using Nas.Strategies;
using Nas.Torch.Evaluation;
using Nas.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Tests.Torch;

public class WeightInheritanceTests
{
    private static readonly Nas.Spaces.SearchSpace Space = MacroSpace.Create(new MacroSpaceOptions(Layers: 3, FilterCounts: new[] { 8, 12 }, FilterSizes: new[] { 3, 5 }));

    [Fact]
    public void Distance_counts_the_decisions_that_differ()
    {
        var random = new SeededRandom(4);
        var a = ArchitectureSampler.Sample(Space, random);
        var child = ArchitectureMutator.Mutate(a, random);
        Assert.Equal(0, WeightInheritance.Distance(a, a));
        Assert.Equal(1, WeightInheritance.Distance(a, child));
        Assert.Equal(1, WeightInheritance.Distance(child, a));
    }

    [Fact]
    public void Same_shapes_are_copied_whole_and_different_ones_share_leading_channels_and_the_kernel_centre()
    {
        using var scope = NewDisposeScope();
        var arch = ArchitectureSampler.Sample(Space, new SeededRandom(1));
        torch.manual_seed(1);
        using var parent = nn.Sequential(("conv", nn.Conv2d(3, 8, 3, padding: 1)), ("bn", nn.BatchNorm2d(8)));
        using (no_grad()) foreach (var p in parent.parameters()) p.normal_();
        var inheritance = new WeightInheritance();
        inheritance.Remember(arch, parent, 0.9);

        using var child = nn.Sequential(("conv", nn.Conv2d(3, 4, 5, padding: 2)), ("bn", nn.BatchNorm2d(4)), ("extra", nn.Conv2d(4, 4, 1)));
        Tensor Weight(nn.Module m, string name) => m.named_parameters().Single(p => p.name == name).parameter;
        using var ring = Weight(child, "conv.weight").detach().clone();
        int received = WeightInheritance.Inherit(inheritance.Nearest(arch)!, child);

        Assert.Equal(6, received); // conv weight and bias, bn weight, bias, running mean and variance; nothing for "extra"
        var parentWeight = Weight(parent, "conv.weight");
        var childWeight = Weight(child, "conv.weight");
        Assert.True(childWeight.narrow(2, 1, 3).narrow(3, 1, 3).allclose(parentWeight.narrow(0, 0, 4), 0, 0));
        Assert.True(childWeight.narrow(2, 0, 1).allclose(ring.narrow(2, 0, 1), 0, 0)); // the 5x5 kernel's outer ring keeps its own start
        Assert.True(Weight(child, "bn.weight").allclose(Weight(parent, "bn.weight").narrow(0, 0, 4), 0, 0));
    }

    [Fact]
    public void The_nearest_kept_trial_within_the_distance_wins_then_the_better_one_and_the_oldest_leave_first()
    {
        using var scope = NewDisposeScope();
        var random = new SeededRandom(2);
        var a = ArchitectureSampler.Sample(Space, random);
        var near = ArchitectureMutator.Mutate(a, random);
        var far = ArchitectureMutator.Mutate(ArchitectureMutator.Mutate(ArchitectureMutator.Mutate(near, random), random), random);
        using var net = nn.Sequential(nn.Linear(2, 2));
        var inheritance = new WeightInheritance(maxDistance: 1, capacity: 2);
        inheritance.Remember(far, net, 0.99);
        Assert.Null(inheritance.Nearest(a)); // too far
        inheritance.Remember(near, net, 0.5);
        inheritance.Remember(a, net, 0.1);
        Assert.Equal(2, inheritance.Count); // "far" left
        Assert.Equal(a, inheritance.Nearest(a)!.Architecture); // distance 0 before 1, whatever the score
        var twin = new WeightInheritance(maxDistance: 2);
        var sibling = ArchitectureMutator.Mutate(a, random);
        twin.Remember(near, net, 0.5);
        twin.Remember(sibling, net, 0.7);
        if (WeightInheritance.Distance(a, near) == WeightInheritance.Distance(a, sibling))
            Assert.Equal(sibling, twin.Nearest(a)!.Architecture); // equally near: the better one
    }

    [Fact]
    public async Task A_child_that_inherits_starts_where_its_parent_ended_and_trains_the_inherited_epochs()
    {
        using var train = TinyData.LeftRight(256, 1);
        using var validation = TinyData.LeftRight(128, 2);
        var arch = ArchitectureSampler.Sample(Space, new SeededRandom(3));
        var inheritance = new WeightInheritance();
        var learn = new TrainingOptions { Epochs = 3, BatchSize = 32, LearningRate = 0.05, Seed = 3 };
        var parent = await new TrainingEvaluator(train, validation, learn) { Inheritance = inheritance }
            .EvaluateAsync(arch, new TrialContext(1, 1), CancellationToken.None);
        Assert.True(parent.ValidationAccuracy > 0.8, $"the parent learnt the task: {parent.ValidationAccuracy}");

        // Children barely train (a learning rate of 1e-7): what they score is where they started.
        var still = learn with { LearningRate = 1e-7, Epochs = 2 };
        var heir = new TrainingEvaluator(train, validation, still) { Inheritance = inheritance, InheritedEpochs = 1 };
        long baseline = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var inherited = await heir.EvaluateAsync(arch, new TrialContext(2, 2), CancellationToken.None);
        Assert.Equal(baseline, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        var scratch = await new TrainingEvaluator(train, validation, still).EvaluateAsync(arch, new TrialContext(2, 2), CancellationToken.None);

        Assert.Equal(1, heir.Inherited);
        Assert.Single(inherited.Epochs);
        Assert.Equal(2, scratch.Epochs.Count);
        Assert.True(inherited.ValidationAccuracy > parent.ValidationAccuracy - 0.05, $"{inherited.ValidationAccuracy} against the parent's {parent.ValidationAccuracy}");
        Assert.True(scratch.ValidationAccuracy < parent.ValidationAccuracy - 0.1, $"from scratch {scratch.ValidationAccuracy}");
        Assert.Equal(2, inheritance.Count);
    }
}
