using System.Collections.Concurrent;
using Nas.Torch.Data;
using Nas.Torch.Runtime;
using Nas.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Tests.Torch;

public class ConvolutionSlicingTests
{
    // The 5x5 convolution unfolds 24 channels x 25 taps x 28x28 positions x 4 bytes = 1.88 MB an image: 8 images fit
    // under the 16 MiB limit. The 3x3 one from one channel unfolds 28 KB an image and always runs whole.
    private static nn.Module<Tensor, Tensor> Wide(int seed)
    {
        manual_seed(seed);
        return nn.Sequential(("small", nn.Conv2d(1, 24, 3, padding: 1)), ("relu", nn.ReLU()), ("five", nn.Conv2d(24, 24, 5, padding: 2)),
            ("pool", nn.AdaptiveAvgPool2d(new long[] { 1, 1 })), ("flat", nn.Flatten()), ("out", nn.Linear(24, 2)));
    }

    private static nn.Module<Tensor, Tensor> Five(nn.Module<Tensor, Tensor> network) =>
        (nn.Module<Tensor, Tensor>)network.named_modules().Single(m => m.name == "five").module;

    // Records the batch of every call of a module, from any thread.
    private static (ConcurrentQueue<long> Batches, Action Remove) Record(nn.Module<Tensor, Tensor> module)
    {
        var batches = new ConcurrentQueue<long>();
        var handle = module.register_forward_hook((_, input, output) => { batches.Enqueue(input.shape[0]); return output; });
        return (batches, handle.remove);
    }

    [Fact]
    public void Only_convolutions_on_libtorchs_own_kernels_are_sliced()
    {
        bool? chosen = CpuKernels.ApplyDefaults();
        try
        {
            using var network = Wide(1);
            CpuKernels.SetOneDnn(false);
            using (var slicing = ConvolutionSlicing.WhereOwnKernels([network], CPU))
            {
                Assert.NotNull(slicing);
                Assert.Equal(2, slicing.Count); // both convolutions, not the linear layer
            }
            if (CpuKernels.SetOneDnn(true) == true) Assert.Null(ConvolutionSlicing.WhereOwnKernels([network], CPU));
        }
        finally { CpuKernels.ApplyDefaults(); }
        Assert.Equal(chosen, CpuKernels.OneDnnEnabled);
    }

    [Fact]
    public void A_sliced_network_computes_what_the_whole_batch_does_forward_and_backward_and_leaves_no_tensor()
    {
        bool? chosen = CpuKernels.ApplyDefaults();
        try
        {
            CpuKernels.SetOneDnn(false);
            using var network = Wide(2);
            using var generator = new Generator(5);
            using var x = randn([20, 1, 28, 28], generator: generator);
            (Tensor Output, Tensor[] Gradients) Step()
            {
                network.zero_grad();
                using var scope = NewDisposeScope();
                var y = network.call(x);
                y.pow(2).mean().backward();
                return (y.detach().clone().MoveToOuterDisposeScope(), network.parameters().Select(p => p.grad!.clone().MoveToOuterDisposeScope()).ToArray());
            }
            var (output, gradients) = Step();
            var (five, removeFive) = Record(Five(network));
            var (small, removeSmall) = Record((nn.Module<Tensor, Tensor>)network.named_modules().Single(m => m.name == "small").module);
            long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            using (new ConvolutionSlicing([network]))
            {
                var (slicedOutput, slicedGradients) = Step();
                Assert.Equal([8L, 8, 4, 0], five); // three slices, then the module on no images
                Assert.Equal([20L], small);
                Assert.True(slicedOutput.allclose(output, rtol: 1e-4, atol: 1e-6));
                Assert.All(slicedGradients.Zip(gradients), g => Assert.True(g.First.allclose(g.Second, rtol: 1e-4, atol: 1e-6)));
                foreach (var t in slicedGradients.Append(slicedOutput)) t.Dispose();
                five.Clear();
                using (no_grad())
                using (var scope = NewDisposeScope())
                {
                    Assert.True(network.call(x).allclose(output, rtol: 1e-4, atol: 1e-6));
                    Assert.Equal([8L, 8, 4, 0], five);
                }
            }
            five.Clear();
            using (var scope = NewDisposeScope()) network.call(x);
            Assert.Equal([20L], five); // whole again once the slicing ends
            removeFive();
            removeSmall();
            network.zero_grad();
            Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
            foreach (var t in gradients.Append(output)) t.Dispose();
        }
        finally { CpuKernels.ApplyDefaults(); }
        Assert.Equal(chosen, CpuKernels.OneDnnEnabled);
    }

    [Fact]
    public void The_trainer_slices_the_network_and_its_replicas_where_oneDNN_is_off_and_only_while_it_trains()
    {
        // Only with oneDNN off: training with it switched on by hand could compute NaN here (the convolutions it gets
        // wrong on the AMD machines; Only_convolutions_on_libtorchs_own_kernels_are_sliced covers the choice).
        bool? chosen = CpuKernels.ApplyDefaults();
        try
        {
            CpuKernels.SetOneDnn(false);
            using var generator = new Generator(3);
            using var data = new ImageDataset("wide", rand([40, 1, 28, 28], generator: generator), randint(0, 2, [40], generator: generator), 2);
            var recipe = new TrainingOptions { Epochs = 1, BatchSize = 32, LearningRate = 0.01, Seed = 1, Replicas = 2, EvaluationBatchSize = 32 };
            (long[] Batches, long[] Replicas) Trial()
            {
                using var scope = NewDisposeScope(); // as every trial runs
                using var network = Wide(4);
                var (batches, remove) = Record(Five(network));
                var replicas = new ConcurrentQueue<long>();
                var trainer = new Trainer(recipe);
                trainer.Train(network, data, data, replicate: () =>
                {
                    var copy = Wide(9);
                    Five(copy).register_forward_hook((_, input, output) => { replicas.Enqueue(input.shape[0]); return output; });
                    return copy;
                });
                trainer.Evaluate(network, data);
                network.call(data.Images);
                remove();
                return (batches.ToArray(), replicas.ToArray());
            }
            var (batches, replicas) = Trial();
            // Batches of 32 and 8, shared by two replicas (16 and 4 each), then validation in batches of 32 and 8:
            // 16 and 32 images run as slices of 8, then the module on no images; the same in Evaluate; then, the
            // slicing over, 40 images whole.
            Assert.Equal([8L, 8, 0, 4, 8, 8, 8, 8, 0, 8, 8, 8, 8, 8, 0, 8, 40], batches);
            Assert.Equal([8L, 8, 0, 4], replicas);
            long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            Trial();
            Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        }
        finally { CpuKernels.ApplyDefaults(); }
        Assert.Equal(chosen, CpuKernels.OneDnnEnabled);
    }
}
