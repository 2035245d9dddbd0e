using Nas.Architectures;
using Nas.Spaces;
using Nas.Spaces.Cells;
using Nas.Spaces.Macro;
using Nas.Spaces.Recurrent;
using Nas.Spaces.Residual;
using Nas.Torch.Enas;
using Nas.Torch.Networks.Cells;
using Nas.Torch.Networks.Macro;
using Nas.Torch.Networks.Recurrent;
using Nas.Torch.Networks.Residual;
using static TorchSharp.torch;

namespace Nas.Torch.Networks;

/// <summary>
/// Builds the network of an architecture, by the name of its space: the torch-side twin of <see cref="SpaceCatalog"/>.
/// A space kind registered there that implements <see cref="IImageNetworkSpace"/> or <see cref="IRecurrentCellSpace"/>
/// builds its own networks; the built-in spaces' builders are registered here.
/// </summary>
public sealed class NetworkCatalog
{
    /// <summary>Builds the classifier of an architecture for inputs of the given shape, at the size the options ask.</summary>
    public delegate nn.Module<Tensor, Tensor> Builder(Architecture architecture, InputShape input, NetworkOptions options);

    private readonly Dictionary<string, Builder> _builders = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Func<Architecture, Func<int, int, double, RecurrentCell>>> _cells = new(StringComparer.OrdinalIgnoreCase);
    private readonly SpaceCatalog _spaces;

    /// <param name="spaces">Where to look for space kinds that build their own networks.</param>
    public NetworkCatalog(SpaceCatalog? spaces = null) => _spaces = spaces ?? SpaceCatalog.Default;

    /// <summary>The catalog with the networks of the built-in spaces.</summary>
    public static NetworkCatalog Default { get; } = CreateDefault();

    private static NetworkCatalog CreateDefault()
    {
        var catalog = new NetworkCatalog();
        catalog.Register(MacroSpace.Name, (a, s, o) =>
        {
            if (o.IsSet)
                throw new NasUserException(NotForCells("a macro"));
            return new MacroNetwork(MacroSpace.Decode(a), s.Channels, s.Height, s.Width, s.Classes);
        });
        catalog.Register(DartsCellSpace.Name, (a, s, o) => new CellClassifier(CellSpace.ToGenotype(a), s, o));
        catalog.Register(EnasCellSpace.Name, (a, s, o) => new CellClassifier(CellSpace.ToGenotype(a), s, o));
        catalog.Register(EnasMacroSpace.Name, (a, s, o) =>
        {
            if (o.IsSet)
                throw new NasUserException(NotForCells("an enas-macro"));
            return new EnasMacroNetwork(a, s);
        });
        catalog.Register(ResidualSpace.Name, (a, s, o) =>
        {
            if (o.IsSet)
                throw new NasUserException(NotForCells("a residual"));
            return new ResidualNetwork(ResidualSpace.Decode(a), s);
        });
        catalog.RegisterCell(RnnDagSpace.Name, a => RecurrentNetworks.CellOf(RnnDagSpace.ToGenotype(a)));
        catalog.RegisterCell(RnnTreeSpace.Name, a => RecurrentNetworks.CellOf(RnnTreeSpace.Decode(a)));
        return catalog;
    }

    private static string NotForCells(string architecture) =>
        $"the network's size (initial channels, cells, auxiliary head, layout) applies to cell architectures; {architecture} architecture carries its own sizes";

    /// <summary>Adds (or replaces) the image-network builder of a space.</summary>
    /// <param name="spaceName">The space's name (case-insensitive).</param>
    /// <param name="builder">Builds the classifier of an architecture of that space.</param>
    public void Register(string spaceName, Builder builder) => _builders[spaceName] = builder;

    /// <summary>Adds (or replaces) the recurrent-cell builder of a language space.</summary>
    /// <param name="spaceName">The space's name (case-insensitive).</param>
    /// <param name="cell">Gives the cell factory of an architecture of that space.</param>
    public void RegisterCell(string spaceName, Func<Architecture, Func<int, int, double, RecurrentCell>> cell) => _cells[spaceName] = cell;

    /// <summary>
    /// The network of <paramref name="architecture"/>; <paramref name="options"/> null means each network's defaults. The
    /// built-in macro spaces refuse options other than the defaults (<see cref="NasUserException"/>: the architecture, usually a
    /// user's file, carries its own sizes).
    /// </summary>
    /// <param name="architecture">An architecture of a space with an image network.</param>
    /// <param name="input">The images' shape and the number of classes.</param>
    /// <param name="options">How big to build a cell network.</param>
    public nn.Module<Tensor, Tensor> Build(Architecture architecture, InputShape input, NetworkOptions? options = null)
    {
        string name = architecture.Space.Name;
        if (_spaces.Find(name) is IImageNetworkSpace own) return own.Build(architecture, input, options ?? NetworkOptions.Default);
        if (_builders.TryGetValue(name, out var builder)) return builder(architecture, input, options ?? NetworkOptions.Default);
        throw new NasUserException(_cells.ContainsKey(name) || _spaces.Find(name) is IRecurrentCellSpace
            ? $"the {name} space holds recurrent cells, which are trained on text data sets (ptb or text:FILE)"
            : $"no network builder for the '{name}' space (known: {string.Join(", ", _builders.Keys)})");
    }

    /// <summary>Whether architectures of the space are recurrent cells.</summary>
    /// <param name="spaceName">A space's name.</param>
    public bool IsRecurrent(string spaceName) =>
        _cells.ContainsKey(spaceName) || _spaces.Find(spaceName) is IRecurrentCellSpace || _spaces.Find(spaceName)?.Task == SpaceTask.Language;

    /// <summary>The cell factory of an architecture of a language space.</summary>
    /// <param name="architecture">An architecture of a language space.</param>
    public Func<int, int, double, RecurrentCell> CellOf(Architecture architecture)
    {
        string name = architecture.Space.Name;
        if (_spaces.Find(name) is IRecurrentCellSpace own) return own.Cell(architecture);
        if (_cells.TryGetValue(name, out var cell)) return cell(architecture);
        throw new NasUserException($"the {name} space is not recurrent (recurrent spaces: {string.Join(", ", _cells.Keys)})");
    }
}
