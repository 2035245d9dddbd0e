using Nas.Torch.OneShot;
using Nas.Torch.Ops;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Tests.OneShot;

public class DartsArchitectTests
{
    private const double Eta = 0.1;
    private const double WeightDecay = 3e-4;

    /// <summary>
    /// The unrolled objective f(α) = L_val(w − η(∇w L_train(w, α) + wd·w), α), with the momentum buffers
    /// still empty, evaluated directly; the second-order gradient must be its derivative.
    /// </summary>
    private static double Unrolled(Supernet net, ArchitectureWeights alpha, Parameter[] w, Tensor xt, Tensor yt, Tensor xv, Tensor yv)
    {
        using var scope = NewDisposeScope();
        var backup = w.Select(p => p.detach().clone()).ToArray();
        foreach (var p in w) p.grad?.zero_();
        Loss(net, alpha, xt, yt).backward();
        using (no_grad())
            foreach (var p in w) p.sub_(p.grad!.add(p.detach().mul(WeightDecay)).mul(Eta));
        double value;
        using (no_grad()) value = Loss(net, alpha, xv, yv).item<double>();
        using (no_grad())
            for (int i = 0; i < w.Length; i++) w[i].copy_(backup[i]);
        return value;
    }

    private static Tensor Loss(Supernet net, ArchitectureWeights alpha, Tensor x, Tensor y) =>
        nn.functional.cross_entropy(net.call(x, nn.functional.softmax(alpha.Normal, -1), nn.functional.softmax(alpha.Reduce, -1)), y);

    [Fact]
    public void Second_order_gradient_matches_finite_differences_of_the_unrolled_objective()
    {
        manual_seed(3);
        using var net = new Supernet(OpRegistry.Darts, channels: 2, layers: 3, classes: 3, inputChannels: 1);
        net.to(ScalarType.Float64);
        using var alpha = new ArchitectureWeights(net.EdgeCount, OpRegistry.Darts.Names.Length, seed: 5, dtype: ScalarType.Float64);
        using (no_grad()) { alpha.Normal.normal_(0, 0.5); alpha.Reduce.normal_(0, 0.5); } // away from uniform
        var w = net.parameters().ToArray();
        using var sgd = new MomentumSgd(w, 0.9, WeightDecay);
        // ε = 1e-6 / ‖v‖ instead of DARTS's 0.01 / ‖v‖: at 0.01 the difference crosses ReLU and max-pool kinks of
        // this tiny network, an error of the approximation, not of the formula this test checks.
        using var architect = new DartsArchitect(net, alpha, sgd, secondOrder: true, epsilonScale: 1e-6);
        using var scope = NewDisposeScope();
        var xt = randn(new long[] { 6, 1, 8, 8 }, dtype: ScalarType.Float64);
        var yt = tensor(new long[] { 0, 1, 2, 0, 1, 2 });
        var xv = randn(new long[] { 6, 1, 8, 8 }, dtype: ScalarType.Float64);
        var yv = tensor(new long[] { 2, 1, 0, 0, 2, 1 });

        architect.ComputeGradient(xt, yt, xv, yv, Eta);
        var second = alpha.Parameters.Select(a => a.grad!.clone()).ToArray();
        architect.ComputeGradient(xt, yt, xv, yv, 0); // η = 0: the unrolled step vanishes, leaving the first-order term
        var direct = alpha.Parameters.Select(a => a.grad!.clone()).ToArray();

        using var generator = new Generator(9);
        for (int trial = 0; trial < 3; trial++)
        {
            var d = alpha.Parameters.Select(a => randn(a.shape, dtype: ScalarType.Float64, generator: generator)).ToArray();
            const double h = 1e-6; // small: the ReLU network's loss has kinks
            double Shifted(double s)
            {
                using (no_grad()) for (int k = 0; k < 2; k++) alpha.Parameters[k].add_(d[k], alpha: s);
                double f = Unrolled(net, alpha, w, xt, yt, xv, yv);
                using (no_grad()) for (int k = 0; k < 2; k++) alpha.Parameters[k].add_(d[k], alpha: -s);
                return f;
            }
            double numeric = (Shifted(h) - Shifted(-h)) / (2 * h);
            double analytic = second.Zip(d).Sum(p => p.First.mul(p.Second).sum().item<double>());
            double firstOrder = direct.Zip(d).Sum(p => p.First.mul(p.Second).sum().item<double>());
            Assert.True(Math.Abs(numeric - analytic) <= 0.01 * Math.Abs(numeric) + 1e-4 && Math.Abs(numeric - firstOrder) > 5 * Math.Abs(numeric - analytic),
                $"direction {trial}: finite differences {numeric:G6}, second order {analytic:G6}, first order {firstOrder:G6}");
        }
    }
}
