using Microsoft.ML.OnnxRuntime;
using Nas.Architectures;
using Nas.Spaces.Macro;
using Nas.Spaces.Residual;
using Nas.Strategies;
using Nas.Torch.Export;
using Nas.Torch.Networks;
using Onnx;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace Nas.Tests.Export;

public class OnnxExportTests
{
    private const double Tolerance = 1e-4;

    [Fact]
    public void The_residual_baseline_agrees_with_TorchSharp_in_ONNX_Runtime()
    {
        Assert.InRange(OnnxAgreement.MaxDifference(ResidualSpace.Baseline, new InputShape(1, 28, 28, 10)), 0, Tolerance);
    }

    [Fact]
    public void Residual_members_with_pooling_kernel_5_and_two_blocks_agree_on_odd_sizes()
    {
        var space = ResidualSpace.Create(new ResidualSpaceOptions(Widths: [4, 6], Depths: [1, 2], Kernels: [3, 5], StemPre: [0, 3]));
        var random = new Random(5);
        var seen = new HashSet<string>();
        foreach (var a in Enumerable.Range(0, 40).Select(_ => ArchitectureSampler.Sample(space, random)))
        {
            var genome = ResidualSpace.Decode(a);
            if (!seen.Add($"{genome.StemPre}/{genome.StemStride}{string.Join(",", genome.Stages.Select(s => s.Downsample))}")) continue;
            Assert.InRange(OnnxAgreement.MaxDifference(a, new InputShape(3, 27, 25, 7)), 0, Tolerance);
        }
        Assert.True(seen.Count >= 4 && seen.Any(k => k.StartsWith("3/", StringComparison.Ordinal)), $"only {seen.Count} kinds of stem and downsampling sampled");
    }

    [Fact]
    public void Macro_networks_with_skips_pooling_and_strides_agree()
    {
        var space = MacroSpace.Create(new MacroSpaceOptions(Layers: 6, FilterCounts: [4, 6], SearchStrides: true));
        var random = new Random(11);
        for (int i = 0; i < 6; i++)
        {
            var a = ArchitectureSampler.Sample(space, random);
            Assert.InRange(OnnxAgreement.MaxDifference(a, i % 2 == 0 ? new InputShape(1, 28, 28, 10) : new InputShape(3, 32, 30, 4)), 0, Tolerance);
        }
    }

    [Fact]
    public void The_model_has_a_dynamic_batch_its_opset_every_initializer_and_the_normalisation()
    {
        using var scope = NewDisposeScope();
        using var network = NetworkCatalog.Default.Build(ResidualSpace.Baseline, new InputShape(1, 28, 28, 10));
        var model = OnnxExport.Export(network, new InputShape(1, 28, 28, 10), new Nas.Torch.Data.Normalization([0.286f], [0.353f]));
        Assert.Equal(OnnxExport.Opset, model.OpsetImport.Single().Version);
        Assert.Equal("batch", model.Graph.Input.Single().Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal([OnnxExport.Logits, OnnxExport.Probabilities], model.Graph.Output.Select(o => o.Name));
        var produced = model.Graph.Node.SelectMany(n => n.Output).Concat(model.Graph.Initializer.Select(i => i.Name)).Append(OnnxExport.Input).ToHashSet();
        Assert.All(model.Graph.Node.SelectMany(n => n.Input), name => Assert.Contains(name, produced));
        long weights = model.Graph.Initializer.Where(i => i.DataType == (int)TensorProto.Types.DataType.Float).Sum(i => i.Dims.Aggregate(1L, (a, b) => a * b));
        // Every parameter and batch-norm statistic, plus the normalisation's mean and std.
        long expected = network.parameters().Sum(p => p.numel()) + network.buffers().Sum(b => b.numel()) + 2;
        Assert.Equal(expected, weights);
        Assert.Equal("0.286", model.MetadataProps.Single(p => p.Key == "nas.normalization.mean").Value);

        using var session = new InferenceSession(OnnxExport.Bytes(model));
        foreach (int batch in new[] { 1, 5 })
        {
            var input = new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(new float[batch * 28 * 28], [batch, 1, 28, 28]);
            using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxExport.Input, input)]);
            var probabilities = results.Single(r => r.Name == OnnxExport.Probabilities).AsTensor<float>();
            Assert.Equal([batch, 10], probabilities.Dimensions.ToArray());
            for (int b = 0; b < batch; b++) Assert.Equal(1.0, Enumerable.Range(0, 10).Sum(c => probabilities[b, c]), 4);
        }
    }

    [Fact]
    public void With_test_time_flips_the_probabilities_are_the_mean_of_the_image_and_its_mirror_for_any_batch()
    {
        using var scope = NewDisposeScope();
        var shape = new InputShape(1, 28, 28, 10);
        Nas.Torch.Runtime.TorchRuntime.Seed(3);
        using var network = NetworkCatalog.Default.Build(ResidualSpace.Baseline, shape);
        using (no_grad())
        {
            // Batch-norm statistics away from their start.
            for (int i = 0; i < 3; i++) network.call(randn(8, 1, 28, 28));
        }
        network.eval();
        var model = OnnxExport.Export(network, shape, testTimeFlip: true);
        var path = Path.Combine(Directory.CreateTempSubdirectory("nas-tta-").FullName, "m.onnx");
        File.WriteAllBytes(path, OnnxExport.Bytes(model));
        try
        {
            foreach (int batch in new[] { 1, 4 })
            {
                // Images that are not symmetric, so that the mirror changes the answer.
                var images = randn(batch, 1, 28, 28).mul(linspace(0, 4, 28));
                Tensor want, plain;
                using (no_grad())
                {
                    want = Nas.Torch.Training.Trainer.FlipAveragedProbabilities(network, images);
                    plain = nn.functional.softmax(network.call(images), 1);
                }
                Assert.True(want.sub(plain).abs().max().item<float>() > 1e-4f, $"the mirror made no difference: the test would not see a missing flip ({want.sub(plain).abs().max().item<float>()}, {plain.max().item<float>()})");
                Assert.InRange(OnnxAgreement.MaxDifference(path, images, want, OnnxExport.Probabilities), 0, 1e-5);
                Assert.InRange(OnnxAgreement.MaxDifference(path, images, want.log(), OnnxExport.Logits), 0, 1e-4);
            }
        }
        finally { Directory.Delete(Path.GetDirectoryName(path)!, recursive: true); }
    }

    [Fact]
    public void A_module_the_export_does_not_know_is_named()
    {
        using var scope = NewDisposeScope();
        using var network = nn.Sequential(("conv", nn.Conv2d(1, 2, 3)), ("gelu", nn.GELU()));
        var e = Assert.Throws<NotSupportedException>(() => new OnnxGraph().Module(network, new OnnxValue(OnnxExport.Input, 1, 8, 8)));
        Assert.Contains("GELU", e.Message);
    }
}
