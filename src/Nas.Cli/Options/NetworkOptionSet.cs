using System.CommandLine;
using Nas.Torch.Networks;

namespace Nas.Cli.Options;

/// <summary>
/// The size of a cell network: <c>--init-channels</c>, <c>--layers</c> (cells), <c>--network</c>
/// (cifar or imagenet layout). The auxiliary head is built when the command asks for it (a positive
/// <c>--auxiliary-weight</c>, or <c>--auxiliary</c> in <c>inspect</c>). Macro architectures refuse them.
/// </summary>
internal sealed class NetworkOptionSet
{
    public Option<int?> InitChannels { get; } = OptionFactory.Optional<int>("--init-channels",
        $"Cell networks: channels C of the first cells (default {Torch.Networks.Cells.CellClassifier.DefaultChannels}; DARTS's CIFAR network: 36)").AtLeast(1);
    public Option<int?>? Layers { get; }
    public Option<string> Network { get; } = OptionFactory.Create("--network", "Cell networks: cifar (one stem) or imagenet (two strided stems) layout; inspect also takes ptb (the papers' PTB language model around a recurrent cell)", "cifar");

    /// <param name="layers">Whether to add <c>--layers</c> (search has its own, shared with the macro space).</param>
    public NetworkOptionSet(bool layers = true)
    {
        if (layers)
            Layers = OptionFactory.Optional<int>("--layers",
                $"Cell networks: number of cells (default {Torch.Networks.Cells.CellClassifier.DefaultLayers}; DARTS's CIFAR network: 20)").AtLeast(1);
    }

    public void AddTo(Command command)
    {
        command.Options.Add(InitChannels);
        if (Layers is not null) command.Options.Add(Layers);
        command.Options.Add(Network);
    }

    /// <summary>The options as given; <paramref name="layers"/> overrides <c>--layers</c> when this set has none.</summary>
    public NetworkOptions Read(ParseResult r, bool auxiliary, int? layers = null) => new(
        r.GetValue(InitChannels),
        Layers is not null ? r.GetValue(Layers) : layers,
        auxiliary,
        ParseKind(r.GetValue(Network)!));

    public static NetworkKind ParseKind(string text) => text.ToLowerInvariant() switch
    {
        "cifar" => NetworkKind.Cifar,
        "imagenet" => NetworkKind.ImageNet,
        _ => throw new NasUserException($"--network: unknown network '{text}' (known: cifar, imagenet; ptb in nas inspect)"),
    };
}
