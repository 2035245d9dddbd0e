using Nas.Architectures;
using Nas.Spaces.Cells;
using Nas.Spaces.Macro;
using Nas.Torch.Enas;
using Nas.Torch.Networks.Cells;
using Nas.Torch.Networks.Macro;
using static TorchSharp.torch;

namespace Nas.Torch.Networks;

/// <summary>
/// Builds the network of an architecture, by the name of its space: the torch-side twin of
/// <see cref="Nas.Spaces.SpaceCatalog"/>. Users register builders for their own spaces.
/// </summary>
public sealed class NetworkCatalog
{
    /// <summary>Builds the classifier of an architecture for inputs of the given shape, at the size the options ask.</summary>
    public delegate nn.Module<Tensor, Tensor> Builder(Architecture architecture, InputShape input, NetworkOptions options);

    private readonly Dictionary<string, Builder> _builders = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The catalog with the networks of the built-in spaces.</summary>
    public static NetworkCatalog Default { get; } = CreateDefault();

    private static NetworkCatalog CreateDefault()
    {
        var catalog = new NetworkCatalog();
        catalog.Register(MacroSpace.Name, (a, s, o) =>
        {
            if (o.IsSet)
                throw new NasUserException("--init-channels, --layers, --auxiliary-weight and --network apply to cell architectures; a macro architecture carries its own sizes");
            return new MacroNetwork(MacroSpace.Decode(a), s.Channels, s.Height, s.Width, s.Classes);
        });
        catalog.Register(DartsCellSpace.Name, (a, s, o) => new CellClassifier(CellSpace.ToGenotype(a), s, o));
        catalog.Register(EnasCellSpace.Name, (a, s, o) => new CellClassifier(CellSpace.ToGenotype(a), s, o));
        catalog.Register(EnasMacroSpace.Name, (a, s, o) =>
        {
            if (o.IsSet)
                throw new NasUserException("--init-channels, --layers, --auxiliary-weight and --network apply to cell architectures; an enas-macro architecture carries its own sizes");
            return new EnasMacroNetwork(a, s);
        });
        return catalog;
    }

    public void Register(string spaceName, Builder builder) => _builders[spaceName] = builder;

    /// <summary>The network of <paramref name="architecture"/>; <paramref name="options"/> null means each network's defaults.</summary>
    public nn.Module<Tensor, Tensor> Build(Architecture architecture, InputShape input, NetworkOptions? options = null)
    {
        if (!_builders.TryGetValue(architecture.Space.Name, out var builder))
            throw new NasUserException($"no network builder for the '{architecture.Space.Name}' space (known: {string.Join(", ", _builders.Keys)})");
        return builder(architecture, input, options ?? NetworkOptions.Default);
    }
}
