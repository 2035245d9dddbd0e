using Nas.Tests.Torch;
using Nas.Torch.Training;

namespace Nas.Tests.Training;

public class TimeLimitTests
{
    [Fact]
    public void A_passed_limit_stops_after_one_batch_and_still_measures_the_validation_split()
    {
        using var train = TinyData.LeftRight(128, 1);
        using var validation = TinyData.LeftRight(40, 2);
        using var model = RecipeNetworks.Small(1);
        var options = new TrainingOptions { Epochs = 3, BatchSize = 32, LearningRate = 0.05 };
        var result = new Trainer(options).Train(model, train, validation, limit: TimeSpan.FromTicks(1));
        Assert.True(result.Stopped);
        Assert.Equal(32, result.Images); // at least one batch, then the limit
        var epoch = Assert.Single(result.Epochs);
        Assert.InRange(epoch.ValidationAccuracy, 0, 1);
        Assert.Equal(new Trainer(options).Evaluate(model, validation).Accuracy, epoch.ValidationAccuracy);
    }

    [Fact]
    public void Without_a_limit_or_within_it_every_planned_image_trains()
    {
        using var train = TinyData.LeftRight(128, 1);
        var options = new TrainingOptions { Epochs = 2, BatchSize = 32, LearningRate = 0.05 };
        using (var model = RecipeNetworks.Small(1))
        {
            var result = new Trainer(options).Train(model, train, null);
            Assert.False(result.Stopped);
            Assert.Equal(256, result.Images);
            Assert.Equal(2, result.Epochs.Count);
        }
        using (var model = RecipeNetworks.Small(1))
        {
            var result = new Trainer(options).Train(model, train, null, limit: TimeSpan.FromHours(1));
            Assert.False(result.Stopped);
            Assert.Equal(256, result.Images);
        }
    }

    [Fact]
    public void With_replicas_a_passed_limit_stops_as_well()
    {
        using var train = TinyData.LeftRight(128, 1);
        using var model = RecipeNetworks.Small(1);
        var options = new TrainingOptions { Epochs = 2, BatchSize = 32, LearningRate = 0.05, Replicas = 2 };
        var result = new Trainer(options).Train(model, train, null, replicate: () => RecipeNetworks.Small(1), limit: TimeSpan.FromTicks(1));
        Assert.True(result.Stopped);
        Assert.Equal(32, result.Images);
        Assert.Single(result.Epochs);
    }

    [Fact]
    public void A_limit_of_zero_names_the_parameter()
    {
        using var train = TinyData.LeftRight(32, 1);
        using var model = RecipeNetworks.Small(1);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(new TrainingOptions { Epochs = 1 }).Train(model, train, null, limit: TimeSpan.Zero));
        Assert.Equal("limit", e.ParamName);
    }
}
