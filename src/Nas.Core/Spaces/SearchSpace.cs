using System.Collections.Immutable;
using System.Text.Json;

namespace Nas.Spaces;

/// <summary>
/// An ordered list of named decisions. Strategies see only this; networks are built from an
/// architecture of the space elsewhere (the torch library), so spaces stay free of tensors.
/// A space is identified by its <see cref="Name"/> and <see cref="Settings"/>, which architecture
/// files carry so that the same space can be rebuilt from them (see <see cref="SpaceCatalog"/>).
/// </summary>
public class SearchSpace
{
    private readonly Dictionary<string, int> _positions;

    /// <param name="name">The space's kind, for example <c>macro</c>.</param>
    /// <param name="settings">The settings that rebuild this exact space through the catalog (a JSON object).</param>
    /// <param name="decisions">The decisions in the order they are made.</param>
    public SearchSpace(string name, JsonElement settings, IEnumerable<Decision> decisions)
    {
        Name = name;
        if (settings.ValueKind != JsonValueKind.Object) throw new ArgumentException("space settings must be a JSON object", nameof(settings));
        Settings = settings.Clone();
        Decisions = decisions.ToImmutableArray();
        if (Decisions.Length == 0) throw new ArgumentException("a search space needs at least one decision", nameof(decisions));
        _positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < Decisions.Length; i++)
            if (!_positions.TryAdd(Decisions[i].Name, i))
                throw new ArgumentException($"decision '{Decisions[i].Name}' appears twice", nameof(decisions));
    }

    /// <summary>A space with no settings, for spaces written directly in C#.</summary>
    /// <param name="name">The space's name (register it in <see cref="SpaceCatalog"/> to read its architecture files back).</param>
    /// <param name="decisions">The decisions in the order they are made.</param>
    public SearchSpace(string name, IEnumerable<Decision> decisions) : this(name, EmptySettings, decisions) { }

    private static JsonElement EmptySettings => JsonDocument.Parse("{}").RootElement;

    /// <summary>The space's kind, as the catalog knows it.</summary>
    public string Name { get; }

    /// <summary>The settings that rebuild this space (a JSON object).</summary>
    public JsonElement Settings { get; }

    /// <summary>The decisions, in the order they are made.</summary>
    public ImmutableArray<Decision> Decisions { get; }

    /// <summary>The decision with this name, or null.</summary>
    /// <param name="name">The decision's name.</param>
    public Decision? Find(string name) => _positions.TryGetValue(name, out int i) ? Decisions[i] : null;

    /// <summary>The position of a decision in <see cref="Decisions"/>, or -1.</summary>
    /// <param name="name">The decision's name.</param>
    public int PositionOf(string name) => _positions.TryGetValue(name, out int i) ? i : -1;

    /// <summary>
    /// log10 of the number of architectures, counting every option of every decision as free
    /// (an upper bound when decisions depend on each other).
    /// </summary>
    public double Log10Size => Decisions.Sum(d => d.IsSubset ? d.Options.Length * Math.Log10(2) : Math.Log10(d.Options.Length));

    /// <summary>The name, the number of decisions and the order of magnitude of its size.</summary>
    public override string ToString() => $"{Name} ({Decisions.Length} decisions, about 10^{Log10Size:F1} architectures)";
}
