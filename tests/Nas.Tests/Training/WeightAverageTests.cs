using Nas.Tests.Torch;
using Nas.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Tests.Training;

public class WeightAverageTests
{
    [Fact]
    public void The_average_of_a_toy_sequence_is_the_closed_form_with_the_decay_warm_up()
    {
        using var model = nn.Linear(1, 1, hasBias: false);
        using (no_grad()) model.weight!.fill_(0.5);
        using var average = new WeightAverage(model, 0.8);
        double[] sequence = [1.0, -2.0, 4.0, 3.0, 0.25, 10.0, -1.0];
        double expected = 0.5; // the start: the model's weights
        for (int n = 0; n < sequence.Length; n++)
        {
            using (no_grad()) model.weight!.fill_(sequence[n]);
            average.Update();
            double d = Math.Min(0.8, (1.0 + n) / (10.0 + n)); // 0.1, 0.18, ..., capped at 0.8
            expected = d * expected + (1 - d) * sequence[n];
            Assert.Equal(d, average.DecayAt(n));
        }
        Assert.Equal(sequence.Length, average.Updates);
        Assert.Equal(expected, average.Averages[0].item<float>(), 5);
        average.CopyToModel();
        Assert.Equal(expected, model.weight!.item<float>(), 5);
    }

    [Fact]
    public void Swapping_twice_restores_both_exactly()
    {
        using var model = RecipeNetworks.Small(3);
        using var average = new WeightAverage(model, 0.9);
        using (no_grad()) foreach (var p in model.parameters()) p.add_(ones_like(p));
        average.Update();
        var before = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        var averages = average.Averages.Select(t => t.clone()).ToArray();
        average.Swap();
        ExactAssert.Same(averages[0], model.parameters().First(), "the swapped-in average");
        average.Swap();
        foreach (var (name, t) in model.state_dict()) ExactAssert.Same(before[name], t, name);
        for (int i = 0; i < averages.Length; i++) ExactAssert.Same(averages[i], average.Averages[i], $"average {i}");
    }

    /// <summary>
    /// At a constant learning rate (cosine from the rate to itself) and one batch per epoch, a run of k epochs is the first
    /// k steps of a longer one, so the weights after each step can be recorded by k shorter runs.
    /// </summary>
    [Fact]
    public void After_training_the_model_holds_the_average_of_the_weights_after_every_step()
    {
        using var train = TinyData.LeftRight(32, 1);
        using var validation = TinyData.LeftRight(32, 2);
        var recipe = new TrainingOptions { Epochs = 4, BatchSize = 32, LearningRate = 0.05, MinLearningRate = 0.05, Seed = 3 };
        const double decay = 0.5;

        var steps = new List<Dictionary<string, Tensor>>();
        using (var initial = RecipeNetworks.Small(5)) steps.Add(Floating(initial));
        for (int k = 1; k <= recipe.Epochs; k++)
        {
            using var net = RecipeNetworks.Small(5);
            new Trainer(recipe with { Epochs = k }).Train(net, train, null);
            steps.Add(Floating(net));
        }
        using var plain = RecipeNetworks.Small(5);
        var plainRun = new Trainer(recipe).Train(plain, train, validation);
        using var averaged = RecipeNetworks.Small(5);
        var averagedRun = new Trainer(recipe with { EmaDecay = decay }).Train(averaged, train, validation);

        // Training itself is not changed by the average.
        Assert.Equal(plainRun.Epochs.Select(e => e.TrainLoss), averagedRun.Epochs.Select(e => e.TrainLoss));
        foreach (var (name, t) in Floating(plain)) ExactAssert.Same(steps[^1][name], t, name);

        foreach (var (name, actual) in Floating(averaged))
        {
            using var expected = steps[0][name].clone();
            for (int n = 0; n < recipe.Epochs; n++)
            {
                double d = Math.Min(decay, (1.0 + n) / (10.0 + n));
                expected.mul_(d).add_(steps[n + 1][name], 1 - d);
            }
            Assert.True(expected.allclose(actual, rtol: 1e-5, atol: 1e-6), $"{name} is not the average");
        }
        Assert.False(Floating(averaged).All(kv => kv.Value.equal(steps[^1][kv.Key]).all().item<bool>()), "the average is the last weights");

        // Validation after every epoch measured the average: the last one is the returned model's figure.
        var trainer = new Trainer(recipe);
        Assert.Equal(trainer.Evaluate(averaged, validation).Loss, averagedRun.Last.ValidationLoss, 6);
        Assert.NotEqual(plainRun.Last.ValidationLoss, averagedRun.Last.ValidationLoss);
    }

    [Fact]
    public void A_run_with_every_addition_leaves_no_live_tensors_behind()
    {
        using var train = TinyData.LeftRight(64, 1);
        using var validation = TinyData.LeftRight(32, 2);
        var recipe = new TrainingOptions
        {
            Epochs = 2, BatchSize = 32, Seed = 3, Schedule = LearningRateSchedule.OneCycle, WarmupFraction = 0.3, Nesterov = true,
            LabelSmoothing = 0.1, EmaDecay = 0.9, TestTimeFlip = true,
        };
        using (var warm = RecipeNetworks.Small(1)) new Trainer(recipe).Train(warm, train, validation); // lazily created globals
        using var net = RecipeNetworks.Small(1);
        long baseline = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        new Trainer(recipe).Train(net, train, validation);
        Assert.Equal(baseline, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    private static Dictionary<string, Tensor> Floating(nn.Module model) =>
        model.state_dict().Where(kv => kv.Value.is_floating_point()).ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
}
