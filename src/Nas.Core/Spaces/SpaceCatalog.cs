using Nas.Architectures;
using System.Text.Json;

namespace Nas.Spaces;

/// <summary>
/// The kinds of search space by name, so that an architecture file or a search request needs nothing else to
/// rebuild its space. Built-in kinds are in <see cref="Default"/>; users add their own with
/// <see cref="Register(SpaceKind)"/>.
/// </summary>
public sealed class SpaceCatalog
{
    private readonly Dictionary<string, SpaceKind> _kinds = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _order = [];

    /// <summary>The catalog with the built-in spaces.</summary>
    public static SpaceCatalog Default { get; } = CreateDefault();

    private static SpaceCatalog CreateDefault()
    {
        var catalog = new SpaceCatalog();
        catalog.Register(new Macro.MacroSpaceKind());
        catalog.Register(new Cells.CellSpaceKind(Cells.DartsCellSpace.Name, Cells.DartsCellSpace.Defaults, Cells.DartsCellSpace.Create,
            "DARTS cells: a normal and a reduction cell, each node reads two earlier states through an op"));
        catalog.Register(new Cells.CellSpaceKind(Cells.EnasCellSpace.Name, Cells.EnasCellSpace.Defaults, Cells.EnasCellSpace.Create,
            "ENAS micro cells: like DARTS cells, but a node may read one state twice and loose ends are summed"));
        catalog.Register(new Macro.EnasMacroSpaceKind());
        catalog.Register(new Residual.ResidualSpaceKind());
        catalog.Register(new Recurrent.RnnDagSpaceKind());
        catalog.Register(new Recurrent.RnnTreeSpaceKind());
        return catalog;
    }

    /// <summary>Adds (or replaces) a kind of space.</summary>
    /// <param name="kind">The kind; its name is its key (case-insensitive).</param>
    public void Register(SpaceKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (!_kinds.ContainsKey(kind.Name)) _order.Add(kind.Name);
        _kinds[kind.Name] = kind;
    }

    /// <summary>Adds (or replaces) a space kind known only by its factory (an image space without settings of its own to offer).</summary>
    /// <param name="name">The space's name.</param>
    /// <param name="factory">Builds the space from its settings (an empty object for none).</param>
    public void Register(string name, Func<JsonElement, SearchSpace> factory) => Register(new SpaceKind(name, SpaceTask.Image, "a space defined in code", [], factory));

    /// <summary>The names of the known spaces, in the order they were registered.</summary>
    public IReadOnlyList<string> Names => _order.ToArray();

    /// <summary>Every known kind, in the order they were registered.</summary>
    public IReadOnlyList<SpaceKind> Kinds => _order.Select(n => _kinds[n]).ToArray();

    /// <summary>The kind called <paramref name="name"/>, or null.</summary>
    /// <param name="name">The kind's name (case-insensitive).</param>
    public SpaceKind? Find(string name) => _kinds.GetValueOrDefault(name);

    /// <summary>The one-line description of <paramref name="architecture"/> its space kind gives (<see cref="SpaceKind.Describe"/>), or its plain form when the kind is not registered.</summary>
    /// <param name="architecture">An architecture of any space.</param>
    public string Describe(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        return Find(architecture.Space.Name)?.Describe(architecture) ?? architecture.ToString();
    }

    /// <summary>The picture of <paramref name="architecture"/> its space kind draws (<see cref="SpaceKind.Picture"/>), an SVG document; null when it draws none or is not registered.</summary>
    /// <param name="architecture">An architecture of any space.</param>
    public string? Picture(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        return Find(architecture.Space.Name)?.Picture(architecture);
    }

    /// <summary>The kind called <paramref name="name"/>; <see cref="Search.SettingException"/> on <c>space</c> when unknown.</summary>
    /// <param name="name">The kind's name (case-insensitive).</param>
    public SpaceKind Kind(string name) => Find(name)
        ?? throw new Search.SettingException("space", $"'{name}' is not a known search space (known: {string.Join(", ", _order)})");

    /// <summary>Builds the space; throws <see cref="NasUserException"/> for an unknown name or bad settings.</summary>
    /// <param name="name">The kind's name (case-insensitive).</param>
    /// <param name="settings">The space's settings, full or partial (missing ones take the defaults).</param>
    public SearchSpace Create(string name, JsonElement settings) => Kind(name).Create(settings);
}
