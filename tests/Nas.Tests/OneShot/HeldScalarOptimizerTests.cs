using Nas.Torch.OneShot;
using Nas.Torch.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Tests.OneShot;

/// <summary>
/// The optimisers that replace TorchSharp's (whose steps make temporary Scalars) compute exactly what TorchSharp's
/// compute, bit for bit, and save their state in TorchSharp's format, so runs and saved states are unchanged.
/// </summary>
public class HeldScalarOptimizerTests
{
    private static Parameter[] Parameters(int seed)
    {
        var generator = new Generator((ulong)seed);
        return [new Parameter(randn(3, 4, generator: generator)), new Parameter(randn(4, generator: generator)), new Parameter(randn(2, 2, generator: generator))];
    }

    // A loss that leaves the third parameter without a gradient for the first steps, as an unused head would.
    private static void Backward(Parameter[] p, int step)
    {
        var loss = p[0].pow(3).sum() + p[1].sin().sum();
        if (step >= 3) loss = loss + p[2].exp().sum();
        loss.backward();
    }

    private static void AssertSame(Parameter[] ours, Parameter[] theirs)
    {
        foreach (var (a, b) in ours.Zip(theirs)) Assert.True(a.eq(b).all().item<bool>(), "the parameters differ");
    }

    private static byte[] Bytes(Action<BinaryWriter> save)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream)) save(writer);
        return stream.ToArray();
    }

    [Fact]
    public void Momentum_sgd_at_the_cosine_schedules_rates_is_torch_sgd_bit_for_bit()
    {
        using var scope = NewDisposeScope();
        var ours = Parameters(1);
        var theirs = Parameters(1);
        const double lr = 0.05, min = 0.001;
        const int epochs = 6;
        using var sgd = new MomentumSgd(ours, 0.9, 3e-4);
        var schedule = new CosineSchedule(lr, min, epochs);
        using var reference = optim.SGD(theirs, lr, 0.9, weight_decay: 3e-4);
        double rate = lr;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            rate = schedule.Rate(epoch - 1);
            foreach (var group in reference.ParamGroups) group.LearningRate = rate;
            sgd.ZeroGrad();
            reference.zero_grad();
            Backward(ours, epoch);
            Backward(theirs, epoch);
            sgd.Step(rate);
            reference.step();
            AssertSame(ours, theirs);
            Assert.Equal(Bytes(reference.save_state_dict), Bytes(w => sgd.Save(w, lr, rate)));
        }

        // TorchSharp's saved state loads into a fresh MomentumSgd, which then goes on exactly as TorchSharp does.
        var copy = ours.Select(p => new Parameter(p.detach().clone())).ToArray();
        using var resumed = new MomentumSgd(copy, 0.9, 3e-4);
        using (var reader = new BinaryReader(new MemoryStream(Bytes(reference.save_state_dict))))
            Assert.Equal(rate, resumed.Load(reader));
        resumed.ZeroGrad();
        reference.zero_grad();
        Backward(copy, 9);
        Backward(theirs, 9);
        resumed.Step(rate);
        reference.step();
        AssertSame(copy, theirs);
    }

    [Fact]
    public void Alpha_adam_is_torch_adam_bit_for_bit_and_saves_its_format()
    {
        using var scope = NewDisposeScope();
        var ours = Parameters(2);
        var theirs = Parameters(2);
        using var adam = new AlphaAdam(ours, 0.01, 0.5, 0.999, 1e-3, eps: 1e-3);
        using var reference = optim.Adam(theirs, 0.01, 0.5, 0.999, eps: 1e-3, weight_decay: 1e-3);
        for (int step = 0; step < 6; step++)
        {
            adam.ZeroGrad();
            reference.zero_grad();
            Backward(ours, step);
            Backward(theirs, step);
            adam.Step();
            reference.step();
            AssertSame(ours, theirs);
            Assert.Equal(Bytes(reference.save_state_dict), Bytes(adam.Save));
        }

        var copy = ours.Select(p => new Parameter(p.detach().clone())).ToArray();
        using var resumed = new AlphaAdam(copy, 0.01, 0.5, 0.999, 1e-3, eps: 1e-3);
        using (var reader = new BinaryReader(new MemoryStream(Bytes(reference.save_state_dict)))) resumed.Load(reader);
        resumed.ZeroGrad();
        reference.zero_grad();
        Backward(copy, 9);
        Backward(theirs, 9);
        resumed.Step();
        reference.step();
        AssertSame(copy, theirs);

        using var other = new AlphaAdam(copy, 0.02, 0.5, 0.999, 1e-3, eps: 1e-3);
        using var again = new BinaryReader(new MemoryStream(Bytes(adam.Save)));
        Assert.Throws<InvalidDataException>(() => other.Load(again)); // another learning rate: refused, not mixed in
    }
}
