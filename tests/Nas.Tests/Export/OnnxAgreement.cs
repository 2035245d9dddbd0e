using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Nas.Architectures;
using Nas.Torch.Data;
using Nas.Torch.Export;
using Nas.Torch.Final;
using Nas.Torch.Networks;
using Nas.Torch.Runtime;
using Nas.Torch.Training;
using static TorchSharp.torch;

namespace Nas.Tests.Export;

/// <summary>Exports a network, runs it in ONNX Runtime and returns the largest difference from TorchSharp's logits.</summary>
internal static class OnnxAgreement
{
    /// <summary>
    /// Builds the network of <paramref name="architecture"/>, trains its batch norms' statistics away from their
    /// initial values (a few forward passes in training mode), then compares the eval-mode logits of TorchSharp on
    /// normalised random images with ONNX Runtime's on the raw ones (the normalisation inside the graph).
    /// </summary>
    public static double MaxDifference(Architecture architecture, InputShape shape, NetworkOptions? options = null, int batch = 3) =>
        MaxDifference(() => NetworkCatalog.Default.Build(architecture, shape, options ?? NetworkOptions.Default), shape, batch);

    /// <summary>The same for the network <paramref name="build"/> makes.</summary>
    public static double MaxDifference(Func<nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>> build, InputShape shape, int batch = 3)
    {
        using var scope = NewDisposeScope();
        TorchRuntime.Seed(7);
        using var network = build();
        var normalization = new Normalization(Enumerable.Range(0, shape.Channels).Select(c => 0.3f + 0.1f * c).ToArray(), Enumerable.Range(0, shape.Channels).Select(c => 0.25f + 0.05f * c).ToArray());
        network.train();
        using (no_grad())
            for (int i = 0; i < 3; i++) network.call(randn(8, shape.Channels, shape.Height, shape.Width));
        network.eval();
        var images = rand(batch, shape.Channels, shape.Height, shape.Width);
        TorchSharp.torch.Tensor expected;
        using (no_grad()) expected = network.call(normalization.Apply(images)).contiguous();
        var model = OnnxExport.Export(network, shape, normalization);
        using var session = new InferenceSession(OnnxExport.Bytes(model));
        var input = new DenseTensor<float>(images.data<float>().ToArray(), [batch, shape.Channels, shape.Height, shape.Width]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxExport.Input, input)]);
        var logits = results.First(r => r.Name == OnnxExport.Logits).AsEnumerable<float>().ToArray();
        var want = expected.data<float>().ToArray();
        Assert.Equal(want.Length, logits.Length);
        return want.Zip(logits, (a, b) => (double)Math.Abs(a - b)).Max();
    }

    /// <summary>
    /// The largest difference between the class probabilities of a finished training's network (loaded from its
    /// directory; averaged with the mirrored images' where the training measured so) and those of its exported
    /// model.onnx, on the test images of the Fashion-MNIST-format data in <paramref name="dataDir"/>.
    /// </summary>
    public static double MaxDifference(string trainingDirectory, string dataDir)
    {
        using var scope = NewDisposeScope();
        using var trained = TrainedModel.Load(trainingDirectory);
        Assert.True(trained.TestTimeFlip); // fashion-mnist: flips keep the class, so the training measured with them
        using var data = DatasetCatalog.Load("fashion-mnist", dataDir);
        var images = data.Test.Images;
        TorchSharp.torch.Tensor expected;
        using (no_grad()) expected = Trainer.FlipAveragedProbabilities(trained.Network, trained.Normalization.Apply(images)).contiguous();
        return MaxDifference(Path.Combine(trainingDirectory, OnnxExport.FileName), images, expected, OnnxExport.Probabilities);
    }

    /// <summary>The largest difference between <paramref name="expected"/> and the model's <paramref name="output"/> on <paramref name="images"/>.</summary>
    public static double MaxDifference(string model, TorchSharp.torch.Tensor images, TorchSharp.torch.Tensor expected, string output)
    {
        using var session = new InferenceSession(model);
        var input = new DenseTensor<float>(images.contiguous().data<float>().ToArray(), images.shape.Select(d => (int)d).ToArray());
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxExport.Input, input)]);
        var got = results.First(r => r.Name == output).AsEnumerable<float>().ToArray();
        var want = expected.contiguous().data<float>().ToArray();
        Assert.Equal(want.Length, got.Length);
        return want.Zip(got, (a, b) => (double)Math.Abs(a - b)).Max();
    }
}
