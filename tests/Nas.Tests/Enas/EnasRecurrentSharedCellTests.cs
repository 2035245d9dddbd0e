using Nas.Spaces.Recurrent;
using Nas.Torch.Enas;
using Nas.Torch.Networks.Recurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Tests.Enas;

public class EnasRecurrentSharedCellTests
{
    private const int In = 5, Hidden = 6;

    // Node 1 reads 0 (tanh), node 2 reads 1 (relu), node 3 reads 1 (sigmoid): loose ends 2 and 3.
    private static readonly RecurrentGenotype Child = new(
        [new RecurrentStep("tanh", 0), new RecurrentStep("relu", 1), new RecurrentStep("sigmoid", 1)], [2, 3]);

    private static Tensor Inputs() { random.manual_seed(7); return randn(4, 3, In); }

    [Fact]
    public void A_child_computes_the_dag_cell_of_its_genotype_with_its_edges_matrices()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(1);
        var shared = new EnasRecurrentSharedCell(3, In, Hidden) { Child = Child };
        var fixedCell = new DagCell(Child, In, Hidden);
        using (no_grad())
        {
            foreach (var (name, p) in fixedCell.named_parameters())
                p.copy_(name == "w0" ? shared.InputWeight : stack(Child.Steps.Select((s, i) => shared.EdgeWeight(i + 1, s.Input)).ToArray()));
        }
        var x = Inputs();
        var state = zeros(3, Hidden);
        var (sharedOut, sharedState) = shared.call(x, state);
        var (fixedOut, fixedState) = fixedCell.call(x, state);
        Assert.True(sharedOut.allclose(fixedOut, 0, 0));
        Assert.True(sharedState.allclose(fixedState, 0, 0));
    }

    [Fact]
    public void Edges_the_child_does_not_take_leave_its_output_unchanged_and_its_own_edges_change_it()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(2);
        var shared = new EnasRecurrentSharedCell(3, In, Hidden) { Child = Child };
        var x = Inputs();
        var state = zeros(3, Hidden);
        var before = shared.call(x, state).Output.detach().clone();
        using (no_grad())
        {
            shared.EdgeWeight(2, 0).add_(1.0); // node 2 reads node 1, not 0
            shared.EdgeWeight(3, 2).add_(1.0); // node 3 reads node 1, not 2
        }
        Assert.True(shared.call(x, state).Output.allclose(before, 0, 0));
        using (no_grad()) shared.EdgeWeight(3, 1).add_(1.0); // taken
        Assert.False(shared.call(x, state).Output.allclose(before, 1e-6, 1e-6));
    }

    [Fact]
    public void Every_child_trains_the_same_shared_parameters()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(3);
        var shared = new EnasRecurrentSharedCell(3, In, Hidden);
        var other = new RecurrentGenotype([new RecurrentStep("identity", 0), new RecurrentStep("tanh", 0), new RecurrentStep("relu", 2)], [1, 3]);
        Assert.Equal(2, shared.parameters().Count());
        var x = Inputs();
        foreach (var child in new[] { Child, other })
        {
            shared.zero_grad();
            shared.Child = child;
            shared.call(x, zeros(3, Hidden)).Output.sum().backward();
            var grad = shared.named_parameters().Single(p => p.name == "ws").parameter.grad!;
            // Only the edges on the child's path get a gradient.
            for (int node = 1; node <= 3; node++)
                for (int from = 0; from < node; from++)
                {
                    bool taken = child.Steps[node - 1].Input == from;
                    double norm = grad[Nas.OneShot.RecurrentDerivation.FirstEdge(node) + from].abs().sum().item<float>();
                    Assert.True(taken == norm > 0, $"edge {from}->{node}: taken {taken}, gradient {norm}");
                }
        }
        Assert.Throws<ArgumentException>(() => shared.Child = new RecurrentGenotype([new RecurrentStep("tanh", 0)], [1]));
    }
}
