using Nas.Spaces.Cells;
using Nas.Spaces.Macro;
using Nas.Strategies;
using Nas.Torch.Networks;
using Nas.Torch.Networks.Cells;
using Nas.Torch.Ops;

namespace Nas.Tests.Export;

public class OnnxCellExportTests
{
    private const double Tolerance = 1e-4;

    // Every op of the registry, in both cells: skip_connect at stride 1 (identity) and 2 (factorized reduce), none
    // at both strides, pooling and convolutions at both strides.
    private static readonly Genotype EveryOp = new(
        [new("sep_conv_3x3", 0), new("skip_connect", 1), new("sep_conv_7x7", 0), new("dil_conv_3x3", 2), new("sep_conv_5x5", 1),
         new("conv_7x1_1x7", 3), new("none", 4), new("avg_pool_3x3", 2)], [2, 3, 4, 5],
        [new("max_pool_3x3", 0), new("avg_pool_3x3", 1), new("skip_connect", 0), new("dil_conv_5x5", 2), new("none", 1),
         new("sep_conv_5x5", 3), new("conv_7x1_1x7", 0), new("skip_connect", 4)], [2, 3, 4, 5]);

    [Fact]
    public void The_test_genotype_uses_every_op_of_the_registry()
    {
        // The registration tests may have added their toy op to the default registry; it does not export (its
        // network is refused, naming the module), every op the library ships does.
        Assert.Equal(OpRegistry.Default.Names.Where(n => n != Search.Toys.ToyOp.OpName).Order(), EveryOp.Ops.Order());
    }

    [Theory]
    [InlineData(NetworkKind.Cifar, 1, 27, 27)]
    [InlineData(NetworkKind.ImageNet, 3, 32, 30)]
    public void Cell_networks_with_every_op_agree_in_both_layouts(NetworkKind kind, int channels, int height, int width)
    {
        var shape = new InputShape(channels, height, width, 5);
        Assert.InRange(OnnxAgreement.MaxDifference(() => new CellClassifier(EveryOp, shape, new NetworkOptions(Channels: 4, Layers: 5, Kind: kind)), shape), 0, Tolerance);
    }

    [Fact]
    public void Published_and_sampled_cells_of_both_cell_spaces_agree_with_the_auxiliary_head_left_out()
    {
        var shape = new InputShape(1, 28, 28, 10);
        var options = new NetworkOptions(Channels: 4, Layers: 3, Auxiliary: true);
        Assert.InRange(OnnxAgreement.MaxDifference(CellSpace.FromGenotype(DartsCellSpace.Create(), PublishedGenotypes.Get("DARTS_V2")), shape, options), 0, Tolerance);
        var random = new Random(2);
        foreach (var space in new[] { DartsCellSpace.Create(), EnasCellSpace.Create() })
            Assert.InRange(OnnxAgreement.MaxDifference(ArchitectureSampler.Sample(space, random), shape, options), 0, Tolerance);
    }

    [Fact]
    public void Enas_macro_networks_agree()
    {
        var space = EnasMacroSpace.Create();
        var random = new Random(4);
        for (int i = 0; i < 3; i++)
            Assert.InRange(OnnxAgreement.MaxDifference(ArchitectureSampler.Sample(space, random), new InputShape(1, 28, 28, 10)), 0, Tolerance);
    }

    [SkippableFact]
    public void Every_family_passes_the_ONNX_checker_with_shape_inference()
    {
        const string python = "/usr/bin/python3";
        Skip.IfNot(File.Exists(python) && Run(python, "-c \"import onnx\"").Code == 0, "the ONNX checker needs Debian's python3-onnx (apt-get install python3-onnx)");
        var directory = Directory.CreateTempSubdirectory("nas-onnx-").FullName;
        try
        {
            var shape = new InputShape(1, 28, 28, 10);
            var networks = new (string Name, Func<TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>> Build)[]
            {
                ("residual", () => NetworkCatalog.Default.Build(Nas.Spaces.Residual.ResidualSpace.Baseline, shape)),
                ("macro", () => NetworkCatalog.Default.Build(ArchitectureSampler.Sample(MacroSpace.Create(new MacroSpaceOptions(Layers: 5, FilterCounts: [4], SearchStrides: true)), new Random(1)), new InputShape(3, 30, 30, 10))),
                ("cells-cifar", () => new CellClassifier(EveryOp, shape, new NetworkOptions(Channels: 4, Layers: 3))),
                ("cells-imagenet", () => new CellClassifier(EveryOp, shape, new NetworkOptions(Channels: 4, Layers: 3, Kind: NetworkKind.ImageNet))),
                ("enas-macro", () => NetworkCatalog.Default.Build(ArchitectureSampler.Sample(EnasMacroSpace.Create(), new Random(1)), shape)),
            };
            var paths = new List<string>();
            foreach (var (name, build) in networks)
            {
                using var scope = TorchSharp.torch.NewDisposeScope();
                using var network = build();
                var input = name == "macro" ? new InputShape(3, 30, 30, 10) : shape;
                var path = Path.Combine(directory, name + ".onnx");
                File.WriteAllBytes(path, Nas.Torch.Export.OnnxExport.Bytes(Nas.Torch.Export.OnnxExport.Export(network, input)));
                paths.Add(path);
            }
            var check = Run(python, "-c \"import onnx, sys\nfor p in sys.argv[1:]:\n    m = onnx.load(p)\n    onnx.checker.check_model(m, full_check=True)\n    onnx.shape_inference.infer_shapes(m, check_type=True, strict_mode=True)\n    print('ok', p)\" " + string.Join(' ', paths));
            Assert.True(check.Code == 0, check.Output);
            Assert.Equal(paths.Count, check.Output.Split('\n').Count(l => l.StartsWith("ok ", StringComparison.Ordinal)));
        }
        finally { Directory.Delete(directory, recursive: true); }
    }

    private static (int Code, string Output) Run(string file, string arguments)
    {
        var info = new System.Diagnostics.ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error);
    }
}
