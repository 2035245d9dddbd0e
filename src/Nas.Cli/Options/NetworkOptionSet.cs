using System.CommandLine;
using Nas.Torch.Networks;

namespace Nas.Cli.Options;

/// <summary>
/// The size of a cell network: <c>--init-channels</c>, <c>--cells</c>, <c>--network</c> (cifar or imagenet layout).
/// The auxiliary head is built when the command asks for it (a positive <c>--auxiliary-weight</c>, or
/// <c>--auxiliary</c> in <c>inspect</c>). Macro architectures refuse them.
/// </summary>
internal sealed class NetworkOptionSet
{
    public Option<int?> InitChannels { get; } = OptionFactory.Optional<int>("--init-channels",
        $"cell networks: channels C of the first cells (default {Torch.Networks.Cells.CellClassifier.DefaultChannels}; DARTS's CIFAR network: 36)").AtLeast(1);
    public Option<int?> Cells { get; } = OptionFactory.Optional<int>("--cells",
        $"cell networks: number of cells (default {Torch.Networks.Cells.CellClassifier.DefaultLayers}; DARTS's CIFAR network: 20)").AtLeast(1);
    public Option<string> Network { get; } = OptionFactory.Create("--network", "cell networks: cifar (one stem) or imagenet (two strided stems) layout; inspect also takes ptb (the papers' PTB language model around a recurrent cell)", "cifar");

    public void AddTo(Command command)
    {
        command.Options.Add(InitChannels);
        command.Options.Add(Cells);
        command.Options.Add(Network);
    }

    /// <summary>The options as given.</summary>
    public NetworkOptions Read(ParseResult r, bool auxiliary) => new(r.GetValue(InitChannels), r.GetValue(Cells), auxiliary, ParseKind(r.GetValue(Network)!));

    public static NetworkKind ParseKind(string text) => text.ToLowerInvariant() switch
    {
        "cifar" => NetworkKind.Cifar,
        "imagenet" => NetworkKind.ImageNet,
        _ => throw new NasUserException($"--network: unknown network '{text}' (known: cifar, imagenet; ptb in nas inspect)"),
    };
}
