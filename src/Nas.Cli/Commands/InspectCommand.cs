using System.CommandLine;
using Nas.Cli.Console;
using Nas.Cli.Options;
using Nas.Spaces.Cells;
using Nas.Torch.Networks;
using Nas.Torch.Runtime;
using Nas.Torch.Statistics;

namespace Nas.Cli.Commands;

/// <summary>
/// <c>nas inspect</c>: builds an architecture's network and prints its parameter count (without the
/// auxiliary head, as the DARTS reference counts), the head's parameters apart, and multiply-adds for one
/// input, without any data.
/// </summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var arch = new Option<string>("--arch") { Description = "Architecture file (best.json), genotype file, published cell (DARTS_V2, NASNet, ...) or named network (resnet-baseline)", Required = true };
        var network = new NetworkOptionSet();
        var classes = OptionFactory.Optional<int>("--classes", "Number of classes (default 10 for cifar, 1000 for imagenet)").AtLeast(1);
        var input = OptionFactory.OptionalText("--input", "Input shape CxHxW (default 3x32x32 for cifar, 3x224x224 for imagenet)");
        var auxiliary = OptionFactory.Create("--auxiliary", "Build the auxiliary head (counted apart)", false);
        var dataset = OptionFactory.OptionalText("--dataset", "Take the input shape and classes from this data set: fashion-mnist, mnist (1x28x28, 10) or cifar10 (3x32x32, 10)");
        var command = new Command("inspect", "Print a network's parameters, auxiliary-head parameters and multiply-adds for one input");
        command.Options.Add(arch);
        network.AddTo(command);
        foreach (var o in new Option[] { classes, input, auxiliary, dataset }) command.Options.Add(o);
        command.SetAction((r, ct) => CommandRunner.Run(() =>
        {
            if (string.Equals(r.GetValue(network.Network), "ptb", StringComparison.OrdinalIgnoreCase))
                return InspectLanguageModel(r.GetValue(arch)!);
            var architecture = Architectures.ArchitectureSource.Load(r.GetValue(arch)!);
            var size = network.Read(r, r.GetValue(auxiliary));
            bool imagenet = size.Kind == NetworkKind.ImageNet;
            var known = r.GetValue(dataset) is { } name
                ? Torch.Data.DatasetCatalog.Shape(name) ?? throw new NasUserException($"--dataset: unknown data set '{name}' (known: {string.Join(", ", Torch.Data.DatasetCatalog.Names)})")
                : null;
            var (c, h, w) = r.GetValue(input) is { } text ? ParseShape(text) : known is not null ? (known.Channels, known.Height, known.Width) : ParseShape(imagenet ? "3x224x224" : "3x32x32");
            var shape = new InputShape(c, h, w, r.GetValue(classes) ?? known?.Classes ?? (imagenet ? 1000 : 10));
            TorchRuntime.Initialize(1);
            TorchRuntime.Seed(0);
            using var model = NetworkCatalog.Default.Build(architecture, shape, size);
            var counts = ModelStatistics.Count(model);
            long madds = ModelStatistics.MultiplyAdds(model, shape.Example);
            bool cells = CellSpace.IsCellSpace(architecture.Space);
            System.Console.Out.WriteLine(cells ? CellSpace.ToGenotype(architecture).ToString() : $"architecture: {ArchitectureText.Short(architecture)}");
            if (cells)
                System.Console.Out.WriteLine($"network: {(imagenet ? "imagenet" : "cifar")}, C={size.Channels ?? Torch.Networks.Cells.CellClassifier.DefaultChannels}, {size.Layers ?? Torch.Networks.Cells.CellClassifier.DefaultLayers} cells, input {c}x{h}x{w}, {shape.Classes} classes");
            else
                System.Console.Out.WriteLine($"network: {architecture.Space.Name}, input {c}x{h}x{w}, {shape.Classes} classes");
            System.Console.Out.WriteLine($"parameters: {counts.Network} ({counts.NetworkMillions:F6} M, without the auxiliary head)");
            if (cells) System.Console.Out.WriteLine($"auxiliary head parameters: {counts.Auxiliary}" + (size.Auxiliary ? "" : " (no head; add --auxiliary)"));
            System.Console.Out.WriteLine($"multiply-adds: {madds} ({madds / 1e6:F2} M per input, inference, auxiliary head excluded)");
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// <c>--network ptb</c>: the papers' PTB language model (850 units, tied decoder, 10,000 tokens) around a
    /// recurrent cell: a published DAG cell (DARTS_V1, DARTS_V2, ENAS), lstm, or an rnn-dag/rnn-tree best.json.
    /// </summary>
    private static int InspectLanguageModel(string source)
    {
        var architecture = Torch.Networks.Recurrent.RecurrentArchitecture.Load(source); // null: the LSTM baseline
        TorchRuntime.Initialize(1);
        TorchRuntime.Seed(0);
        var cell = architecture is null ? Torch.Networks.Recurrent.RecurrentNetworks.LstmCell : Torch.Networks.Recurrent.RecurrentNetworks.CellOf(architecture);
        var spec = new Torch.Networks.Recurrent.RecurrentNetworkSpec(Torch.Networks.Recurrent.RecurrentNetworks.PtbTokens, Torch.Networks.Recurrent.LanguageModelOptions.Ptb, cell);
        System.Console.Out.WriteLine(architecture is null ? "lstm (TorchSharp nn.LSTM)" : $"architecture: {ArchitectureText.Short(architecture)}");
        System.Console.Out.WriteLine($"network: ptb language model, embedding and hidden {spec.Options.Size}, {spec.Tokens} tokens, decoder tied to the embedding");
        System.Console.Out.WriteLine($"parameters: {spec.ParameterCount} ({spec.ParameterCount / 1e6:F6} M)");
        System.Console.Out.WriteLine($"multiply-adds per token: {spec.MultiplyAddsPerToken} ({spec.MultiplyAddsPerToken / 1e6:F2} M; each weight matrix once, the decoder included)");
        return 0;
    }

    private static (int C, int H, int W) ParseShape(string text)
    {
        var parts = text.ToLowerInvariant().Split('x');
        if (parts.Length == 3 && parts.All(p => int.TryParse(p, out int v) && v > 0))
            return (int.Parse(parts[0]), int.Parse(parts[1]), int.Parse(parts[2]));
        throw new NasUserException($"--input: '{text}' is not a shape CxHxW of positive integers (for example 3x32x32)");
    }
}
