using Nas.Architectures;
using Nas.Spaces;
using Nas.Spaces.Cells;
using Nas.Strategies;
using Nas.Torch.Enas;
using Nas.Torch.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Tests.Enas;

public class EnasMicroSharedNetworkTests : IDisposable
{
    private readonly OneThread _thread = new();

    public void Dispose() => _thread.Dispose();

    private static readonly InputShape Shape = new(1, 12, 12, 3);

    private static void Perturb(nn.Module module)
    {
        using var noGrad = no_grad();
        foreach (var p in module.parameters()) p.add_(0.5);
    }

    // (cell, node, input, op) of every op the child uses.
    private static HashSet<(int, int, int, int)> Used(EnasMicroSharedNetwork net, Genotype g, IReadOnlyList<string> ops)
    {
        var used = new HashSet<(int, int, int, int)>();
        for (int c = 0; c < net.Cells.Count; c++)
        {
            var edges = g.Edges(net.Cells[c].IsReduction ? CellKind.Reduce : CellKind.Normal);
            for (int e = 0; e < edges.Count; e++) used.Add((c, e / 2, edges[e].Input, ops.ToList().IndexOf(edges[e].Op)));
        }
        return used;
    }

    [Fact]
    public void A_child_runs_only_its_chosen_ops()
    {
        manual_seed(6);
        var space = EnasCellSpace.Create(new CellSpaceOptions(3, CellOps.EnasMicro));
        using var net = new EnasMicroSharedNetwork(space, Shape, channels: 4, normalCells: 1);
        var child = ArchitectureSampler.Sample(space, new Random(7));
        var genotype = CellSpace.ToGenotype(child);
        var used = Used(net, genotype, CellOps.EnasMicro);
        using var x = randn(4, 1, 12, 12);
        using var before = net.call(x, child);
        (int, int, int, int)? chosenWithWeights = null;
        for (int c = 0; c < net.Cells.Count; c++)
            for (int node = 0; node < 3; node++)
                for (int input = 0; input < node + 2; input++)
                    for (int op = 0; op < CellOps.EnasMicro.Length; op++)
                    {
                        var module = net.Cells[c].Op(node, input, op);
                        if (!used.Contains((c, node, input, op))) Perturb(module);
                        else if (module.parameters().Any()) chosenWithWeights ??= (c, node, input, op);
                    }
        using var after = net.call(x, child);
        Assert.Equal(before.data<float>().ToArray(), after.data<float>().ToArray());

        // The check can fail: perturbing an op the child does use changes the output.
        Assert.NotNull(chosenWithWeights);
        var (cc, nn_, ii, oo) = chosenWithWeights!.Value;
        Perturb(net.Cells[cc].Op(nn_, ii, oo));
        using var changed = net.call(x, child);
        Assert.NotEqual(before.data<float>().ToArray(), changed.data<float>().ToArray());
    }

    [Fact]
    public void Children_share_the_weights_of_an_op_they_both_use()
    {
        manual_seed(8);
        var space = EnasCellSpace.Create(new CellSpaceOptions(2, CellOps.EnasMicro));
        using var net = new EnasMicroSharedNetwork(space, Shape, channels: 4, normalCells: 1);
        var random = new Random(9);
        var a = ArchitectureSampler.Sample(space, random);
        // b differs from a only in the second node of every cell, so both use a's first-node ops.
        var values = space.Decisions.ToDictionary(d => d.Name, d => a[d.Name]);
        foreach (var cell in new[] { CellKind.Normal, CellKind.Reduce })
            values[CellSpace.DecisionName(cell, 1, "op_b")] = Choice.Single((a[CellSpace.DecisionName(cell, 1, "op_b")].Index + 1) % CellOps.EnasMicro.Length);
        var b = Architecture.Create(space, values);
        using var x = randn(4, 1, 12, 12);
        using var labels = tensor(new long[] { 0, 1, 2, 0 });

        net.zero_grad();
        using (var scope = NewDisposeScope()) nn.functional.cross_entropy(net.call(x, a), labels).backward();
        var usedA = Used(net, CellSpace.ToGenotype(a), CellOps.EnasMicro);
        var usedB = Used(net, CellSpace.ToGenotype(b), CellOps.EnasMicro);
        foreach (var (c, node, input, op) in usedA.Intersect(usedB))
            Assert.All(net.Cells[c].Op(node, input, op).parameters(), p => Assert.True(p.grad is not null));
        for (int c = 0; c < net.Cells.Count; c++)
            for (int node = 0; node < 2; node++)
                for (int input = 0; input < node + 2; input++)
                    for (int op = 0; op < CellOps.EnasMicro.Length; op++)
                        if (!usedA.Contains((c, node, input, op)))
                            Assert.All(net.Cells[c].Op(node, input, op).parameters(), p => Assert.True(p.grad is null || p.grad.abs().sum().item<float>() == 0));

        // Moving the weights a trained changes b's output wherever they share an op with weights.
        var sharedWithWeights = usedA.Intersect(usedB).Where(u => net.Cells[u.Item1].Op(u.Item2, u.Item3, u.Item4).parameters().Any()).ToArray();
        Assert.NotEmpty(sharedWithWeights);
        using var bBefore = net.call(x, b);
        foreach (var (c, node, input, op) in sharedWithWeights) Perturb(net.Cells[c].Op(node, input, op));
        using var bAfter = net.call(x, b);
        Assert.NotEqual(bBefore.data<float>().ToArray(), bAfter.data<float>().ToArray());
    }
}
