using Nas.Torch.OneShot;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Tests.Training;

public class NesterovTests
{
    private static double[] Steps(bool nesterov, double[][] gradients, double lr, double momentum, double weightDecay, double[] start)
    {
        using var p = new Parameter(tensor(start, ScalarType.Float64));
        using var sgd = new MomentumSgd([p], momentum, weightDecay, nesterov);
        foreach (var g in gradients)
        {
            p.grad = tensor(g, ScalarType.Float64);
            sgd.Step(lr);
        }
        return p.data<double>().ToArray();
    }

    [Fact]
    public void A_nesterov_step_is_torchs_update_computed_by_hand()
    {
        double[] w = [1.0, -2.0];
        double[][] g = [[0.5, 0.25], [-1.0, 0.75], [0.125, -0.5]];
        const double lr = 0.1, m = 0.9, wd = 0.01;
        // torch.optim.SGD(nesterov=True): d = g + wd·w; buf = d (first step), else m·buf + d; w −= lr·(d + m·buf).
        var expected = (double[])w.Clone();
        var buf = new double[2];
        for (int step = 0; step < g.Length; step++)
            for (int i = 0; i < 2; i++)
            {
                double d = g[step][i] + wd * expected[i];
                buf[i] = step == 0 ? d : m * buf[i] + d;
                expected[i] -= lr * (d + m * buf[i]);
            }
        var actual = Steps(true, g, lr, m, wd, w);
        for (int i = 0; i < 2; i++) Assert.Equal(expected[i], actual[i], 14);
        // The plain momentum step differs (and stays the default).
        var plain = Steps(false, g, lr, m, wd, w);
        Assert.NotEqual(expected[0], plain[0], 6);
    }

    [Fact]
    public void The_first_nesterov_step_moves_by_one_plus_momentum_times_the_gradient()
    {
        var actual = Steps(true, [[2.0]], 0.5, 0.9, 0, [0.0]);
        Assert.Equal(-0.5 * 2.0 * 1.9, actual[0], 14);
    }

    [Fact]
    public void A_state_is_read_back_only_by_an_optimiser_of_the_same_kind()
    {
        using var p = new Parameter(tensor(new[] { 1f, 2f }));
        using var sgd = new MomentumSgd([p], 0.9, 0, nesterov: true);
        p.grad = tensor(new[] { 1f, 1f });
        sgd.Step(0.1);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) sgd.SaveState(writer);

        using var same = new MomentumSgd([p], 0.9, 0, nesterov: true);
        stream.Position = 0;
        same.LoadState(new BinaryReader(stream));
        Assert.True(same.Buffer(0)!.equal(sgd.Buffer(0)!).all().item<bool>());

        using var plain = new MomentumSgd([p], 0.9, 0);
        stream.Position = 0;
        Assert.Throws<InvalidDataException>(() => plain.LoadState(new BinaryReader(stream)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MomentumSgd([p], 0, 0, nesterov: true));
    }
}
