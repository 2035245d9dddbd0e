using Nas.Torch.Training;

namespace Nas.Tests.Training;

public class TrainingScheduleTests
{
    [Fact]
    public void One_cycle_warms_up_linearly_then_falls_linearly_per_step()
    {
        // 2 epochs of 10 batches: T = 20 steps, W = 0.25 · 20 = 5 warm-up steps from 0.1/25 = 0.004.
        var s = new TrainingSchedule(new TrainingOptions { Epochs = 2, LearningRate = 0.1, Schedule = LearningRateSchedule.OneCycle, WarmupFraction = 0.25 }, 10);
        Assert.Equal((20, 5), (s.TotalSteps, s.WarmupSteps));
        Assert.Equal(0.004, s.Rate(0, 0), 15);
        Assert.Equal(0.004 + 0.096 * 2 / 5, s.Rate(0, 2), 15);
        Assert.Equal(0.1, s.Rate(0, 5), 15);                 // the peak, where the fall starts
        Assert.Equal(0.1 - 0.1 * 5 / 15, s.Rate(1, 0), 15);  // step 10
        Assert.Equal(0.1 / 15, s.Rate(1, 9), 15);            // the last step, one step above 0
        Assert.True(s.PerStep);
    }

    [Fact]
    public void Cosine_with_a_warm_up_is_per_step_and_without_is_the_per_epoch_cosine()
    {
        var warm = new TrainingSchedule(new TrainingOptions { Epochs = 4, LearningRate = 0.2, MinLearningRate = 0.01, WarmupFraction = 0.1 }, 10);
        Assert.Equal(4, warm.WarmupSteps);
        Assert.Equal(0.2 / 25 + (0.2 - 0.2 / 25) * 3 / 4, warm.Rate(0, 3), 15);
        Assert.Equal(0.2, warm.Rate(0, 4), 15);
        Assert.Equal(0.01 + 0.19 * (1 + Math.Cos(Math.PI * 18 / 36)) / 2, warm.Rate(2, 2), 15); // step 22: halfway down

        var plain = new TrainingSchedule(new TrainingOptions { Epochs = 4, LearningRate = 0.2, MinLearningRate = 0.01 }, 10);
        var cosine = new CosineSchedule(0.2, 0.01, 4);
        Assert.False(plain.PerStep);
        for (int e = 0; e < 4; e++)
            for (int b = 0; b < 10; b++) Assert.Equal(cosine.Rate(e), plain.Rate(e, b));
    }

    [Fact]
    public void One_cycle_without_a_warm_up_starts_at_the_peak()
    {
        var s = new TrainingSchedule(new TrainingOptions { Epochs = 1, LearningRate = 0.05, Schedule = LearningRateSchedule.OneCycle }, 4);
        double[] expected = [0.05, 0.0375, 0.025, 0.0125];
        for (int b = 0; b < 4; b++) Assert.Equal(expected[b], s.Rate(0, b), 15);
    }
}
