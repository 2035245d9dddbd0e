using System.Text.Json;

namespace Nas.Spaces;

/// <summary>
/// Rebuilds a space from its name and settings, so an architecture file needs nothing else.
/// Built-in spaces register themselves in <see cref="Default"/>; users add their own with
/// <see cref="Register"/>.
/// </summary>
public sealed class SpaceCatalog
{
    private readonly Dictionary<string, Func<JsonElement, SearchSpace>> _factories = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The catalog with the built-in spaces.</summary>
    public static SpaceCatalog Default { get; } = CreateDefault();

    private static SpaceCatalog CreateDefault()
    {
        var catalog = new SpaceCatalog();
        catalog.Register(Macro.MacroSpace.Name, settings => Macro.MacroSpace.Create(Macro.MacroSpaceOptions.FromJson(settings)));
        catalog.Register(Cells.DartsCellSpace.Name, settings =>
            Cells.DartsCellSpace.Create(Cells.CellSpaceOptions.FromJson(settings, Cells.DartsCellSpace.Defaults, Cells.DartsCellSpace.Name)));
        catalog.Register(Cells.EnasCellSpace.Name, settings =>
            Cells.EnasCellSpace.Create(Cells.CellSpaceOptions.FromJson(settings, Cells.EnasCellSpace.Defaults, Cells.EnasCellSpace.Name)));
        catalog.Register(Recurrent.RnnTreeSpace.Name, settings => Recurrent.RnnTreeSpace.Create(Recurrent.RnnTreeSpaceOptions.FromJson(settings)));
        catalog.Register(Recurrent.RnnDagSpace.Name, settings => Recurrent.RnnDagSpace.Create(Recurrent.RnnDagSpaceOptions.FromJson(settings)));
        catalog.Register(Macro.EnasMacroSpace.Name, settings => Macro.EnasMacroSpace.Create(Macro.EnasMacroSpaceOptions.FromJson(settings)));
        return catalog;
    }

    /// <summary>Adds (or replaces) the factory of a space kind.</summary>
    public void Register(string name, Func<JsonElement, SearchSpace> factory) => _factories[name] = factory;

    /// <summary>The names of the known spaces.</summary>
    public IReadOnlyCollection<string> Names => _factories.Keys;

    /// <summary>Builds the space; throws <see cref="NasUserException"/> for an unknown name or bad settings.</summary>
    public SearchSpace Create(string name, JsonElement settings)
    {
        if (!_factories.TryGetValue(name, out var factory))
            throw new NasUserException($"unknown search space '{name}' (known: {string.Join(", ", _factories.Keys)})");
        return factory(settings);
    }
}
