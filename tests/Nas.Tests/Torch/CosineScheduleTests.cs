using Nas.Torch.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Tests.Torch;

public class CosineScheduleTests
{
    [Fact]
    public void Rates_follow_the_closed_form_cosine_from_the_maximum()
    {
        var schedule = new CosineSchedule(0.025, 0.001, 5);
        Assert.Equal(new[] { 0.025, 0.02270820393249937, 0.01670820393249937, 0.009291796067500632, 0.003291796067500632 },
            Enumerable.Range(0, 5).Select(schedule.Rate));
        Assert.Equal(0.001, new CosineSchedule(0.025, 0.001, 5).Rate(5), 15); // the end of the half cosine
    }

    [Theory]
    [InlineData(0.025, 0.001, 1)]
    [InlineData(0.025, 0.001, 7)]
    [InlineData(0.05, 0.0, 3)]
    [InlineData(0.1, 0.001, 50)]
    public void It_gives_the_bits_of_the_two_formulas_it_replaced(double max, double min, int epochs)
    {
        var schedule = new CosineSchedule(max, min, epochs);
        for (int e = 0; e < epochs; e++)
        {
            // OneShotRunner's and EnasTrainer's, as they were written before.
            double oneShot = min + (max - min) * (1 + Math.Cos(Math.PI * e / epochs)) / 2;
            double enas = min + 0.5 * (max - min) * (1 + Math.Cos(Math.PI * e / Math.Max(1, epochs)));
            Assert.Equal(oneShot, schedule.Rate(e));
            Assert.Equal(enas, schedule.Rate(e));
        }
    }

    [Fact]
    public void TorchSharps_recursive_scheduler_that_Trainer_used_agrees_to_the_last_bits()
    {
        // CosineAnnealingLR multiplies the previous rate by a ratio of cosines; the closed form differs from it
        // by a few units in the last place of a rate (5 at most over these 50 epochs), no more.
        using var scope = NewDisposeScope();
        using var weight = new Parameter(zeros(1));
        using var sgd = optim.SGD(new[] { weight }, 0.1, momentum: 0.9);
        var scheduler = optim.lr_scheduler.CosineAnnealingLR(sgd, 50, 0.001);
        var schedule = new CosineSchedule(0.1, 0.001, 50);
        for (int e = 0; e < 50; e++)
        {
            double recursive = sgd.ParamGroups.First().LearningRate;
            Assert.True(Math.Abs(recursive - schedule.Rate(e)) <= 1e-14 * schedule.Rate(e), $"epoch {e}: {recursive:R} against {schedule.Rate(e):R}");
            scheduler.step();
        }
    }

    [Fact]
    public void Bad_arguments_are_refused_by_name()
    {
        Assert.Equal("epochs", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineSchedule(0.1, 0.0, 0)).ParamName);
        Assert.Equal("maximum", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineSchedule(double.NaN, 0.0, 3)).ParamName);
        Assert.Equal("epoch", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineSchedule(0.1, 0.0, 3).Rate(-1)).ParamName);
    }
}
