using Nas.Search;
using Nas.Spaces;
using Nas.Tests.Torch;
using Nas.Torch.Final;
using Nas.Torch.Search;
using Nas.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Tests.Training;

public class ReplicaTests
{
    // No batch norm: the replicas' summed, share-weighted gradients must equal the whole batch's.
    private static nn.Module<Tensor, Tensor> Plain(int seed)
    {
        manual_seed(seed);
        return nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 10 * 10, 2));
    }

    private static float[] Weights(nn.Module<Tensor, Tensor> model) =>
        model.parameters().SelectMany(p => p.detach().flatten().data<float>().ToArray()).ToArray();

    private static readonly TrainingOptions Recipe = new() { Epochs = 2, BatchSize = 32, LearningRate = 0.05, Nesterov = true, LabelSmoothing = 0.1, EmaDecay = 0.9, Seed = 5 };

    [Theory]
    [InlineData(2)]
    [InlineData(3)] // 100 examples in batches of 32: shares of 11, 11, 10 and, last, 2, 1, 1
    public void Replicas_without_batch_norm_train_the_same_weights_as_one_copy(int replicas)
    {
        using var data = TinyData.LeftRight(100, 1);
        using var one = Plain(7);
        using var many = Plain(7);
        var initial = Weights(one);
        var single = new Trainer(Recipe).Train(one, data, null);
        var shared = new Trainer(Recipe with { Replicas = replicas }).Train(many, data, null, replicate: () => Plain(99));

        var a = Weights(one);
        var b = Weights(many);
        Assert.True(a.Zip(initial).Max(p => Math.Abs(p.First - p.Second)) > 1e-3, "the weights moved");
        Assert.True(a.Zip(b).Max(p => Math.Abs(p.First - p.Second)) < 1e-5, $"largest difference {a.Zip(b).Max(p => Math.Abs(p.First - p.Second))}");
        Assert.Equal(single.Last.TrainLoss, shared.Last.TrainLoss, 5);
        Assert.Equal(single.Last.TrainAccuracy, shared.Last.TrainAccuracy);
    }

    [Fact]
    public void Replicas_with_batch_norm_learn_and_repeat_exactly()
    {
        using var train = TinyData.LeftRight(512, 1);
        using var validation = TinyData.LeftRight(256, 2);
        var options = Recipe with { Epochs = 3, Replicas = 2, EmaDecay = 0 }; // 24 steps are too few for the average's batch-norm statistics
        float[] Run()
        {
            using var net = RecipeNetworks.Small(1);
            var result = new Trainer(options).Train(net, train, validation, replicate: () => RecipeNetworks.Small(1));
            Assert.True(result.Last.ValidationAccuracy >= 0.9, $"validation accuracy {result.Last.ValidationAccuracy}");
            return Weights(net);
        }
        Assert.Equal(Run(), Run());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void The_caller_gets_its_threads_back_and_a_trial_leaves_no_live_tensor(int replicas)
    {
        using var data = TinyData.LeftRight(64, 1);
        var options = Recipe with { Epochs = 1, Replicas = replicas };
        void Trial()
        {
            using var scope = NewDisposeScope(); // as every trial runs
            using var net = Plain(1);
            new Trainer(options).Train(net, data, null, replicate: () => Plain(2));
        }
        Trial(); // warm-up: lazily created globals
        int threads = get_num_threads();
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Trial();
        Trial();
        Assert.Equal(threads, get_num_threads());
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Bad_replica_settings_are_refused_by_name()
    {
        Assert.Equal("Replicas", Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { Replicas = 0 }.Validated()).ParamName);
        Assert.Equal("Replicas", Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { Replicas = 2, DropPath = 0.2 }.Validated()).ParamName);
        using var data = TinyData.LeftRight(32, 1);
        using var net = Plain(1);
        Assert.Equal("replicate", Assert.Throws<ArgumentException>(() => new Trainer(Recipe with { Replicas = 2 }).Train(net, data, null)).ParamName);
        Assert.Equal("replicate", Assert.Throws<ArgumentException>(() => new Trainer(Recipe with { Replicas = 2 }).Train(net, data, null, replicate: () => Plain(1) is var p ? nn.Sequential(p, nn.Linear(2, 2)) : p)).ParamName);

        var group = FinalTraining.Settings(SpaceTask.Image).Single(g => g.Name == "training");
        var withDropPath = Assert.Throws<SettingException>(() => ImageTrainingSettings.Read(group.Read(new() { ["replicas"] = 2, ["drop_path"] = 0.2 }), 1, "fashion-mnist"));
        Assert.Equal("training.replicas", withDropPath.Path);
        Assert.Equal("training.replicas", Assert.Throws<SettingException>(() => group.Read(new() { ["replicas"] = 0 })).Path);
        Assert.Equal(2, ImageTrainingSettings.Read(group.Read(new() { ["replicas"] = 2 }), 1, "fashion-mnist").Replicas);
    }
}
