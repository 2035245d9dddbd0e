using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Nas.Spaces;

namespace Nas.Architectures;

/// <summary>
/// An immutable assignment of values to a space's decisions. Every active decision has a value,
/// every value is allowed given the earlier ones, and inactive decisions have none; the constructor
/// checks all of it and names the offending decision.
/// </summary>
public sealed class Architecture : IEquatable<Architecture>
{
    private readonly ImmutableDictionary<string, Choice> _values;

    private Architecture(SearchSpace space, ImmutableDictionary<string, Choice> values, string key)
    {
        Space = space;
        _values = values;
        Key = key;
    }

    /// <summary>The space this architecture belongs to.</summary>
    public SearchSpace Space { get; }

    /// <summary>The values, by decision name (inactive decisions are absent).</summary>
    public IReadOnlyDictionary<string, Choice> Values => _values;

    /// <summary>A canonical text of the values: equal architectures have equal keys.</summary>
    public string Key { get; }

    /// <summary>The value of a decision; throws when the decision is unknown or inactive.</summary>
    public Choice this[string decision] => _values.TryGetValue(decision, out var c) ? c
        : throw new KeyNotFoundException($"architecture has no value for decision '{decision}'");

    /// <summary>True when the decision is active and has a value.</summary>
    /// <param name="decision">The decision's name.</param>
    public bool Has(string decision) => _values.ContainsKey(decision);

    /// <summary>The chosen option of a categorical decision.</summary>
    /// <param name="decision">The name of a categorical decision that has a value.</param>
    public OptionValue Option(string decision) => Space.Find(decision)!.Options[this[decision].Index];

    /// <summary>The chosen options of a subset decision, in option order.</summary>
    /// <param name="decision">The name of a subset decision that has a value.</param>
    public IReadOnlyList<OptionValue> Options(string decision)
    {
        var d = Space.Find(decision) ?? throw new KeyNotFoundException($"unknown decision '{decision}'");
        return this[decision].Indices.Select(i => d.Options[i]).ToArray();
    }

    /// <summary>
    /// Builds and validates an architecture. Throws <see cref="ArchitectureException"/> naming the
    /// decision and value at fault.
    /// </summary>
    /// <param name="space">The space.</param>
    /// <param name="values">A value for every decision that is active given the others (and none for the rest), by name.</param>
    public static Architecture Create(SearchSpace space, IReadOnlyDictionary<string, Choice> values)
    {
        foreach (var name in values.Keys)
            if (space.Find(name) is null)
                throw new ArchitectureException(name, $"'{name}' is not a decision of the {space.Name} space");

        var assigned = ImmutableDictionary.CreateBuilder<string, Choice>(StringComparer.Ordinal);
        var key = new StringBuilder();
        foreach (var decision in space.Decisions)
        {
            var earlier = assigned.ToImmutable();
            bool active = decision.IsActiveGiven(earlier);
            values.TryGetValue(decision.Name, out var choice);
            if (!active)
            {
                if (choice is not null)
                    throw new ArchitectureException(decision.Name, $"decision '{decision.Name}' does not apply given the earlier values, yet has a value");
                continue;
            }
            if (choice is null)
                throw new ArchitectureException(decision.Name, $"decision '{decision.Name}' has no value");
            if (!decision.IsSubset && choice.Indices.Length != 1)
                throw new ArchitectureException(decision.Name, $"decision '{decision.Name}' takes exactly one option, got {choice.Indices.Length}");
            var allowed = decision.AllowedGiven(earlier);
            foreach (int i in choice.Indices)
            {
                if (i >= decision.Options.Length)
                    throw new ArchitectureException(decision.Name, $"decision '{decision.Name}': option index {i} is out of range (it has {decision.Options.Length} options)");
                if (!allowed.Contains(i))
                    throw new ArchitectureException(decision.Name, $"decision '{decision.Name}': value {decision.Options[i]} is not allowed here (allowed: {string.Join(", ", allowed.Select(a => decision.Options[a]))})");
            }
            assigned[decision.Name] = choice;
            key.Append(decision.Name).Append('=').Append(choice).Append(';');
        }
        return new Architecture(space, assigned.ToImmutable(), key.ToString());
    }

    /// <summary>A copy with some values replaced (validated like any new architecture).</summary>
    /// <param name="changes">The new values, by decision name.</param>
    public Architecture With(IReadOnlyDictionary<string, Choice> changes)
    {
        var values = new Dictionary<string, Choice>(_values, StringComparer.Ordinal);
        foreach (var (k, v) in changes) values[k] = v;
        return Create(Space, values);
    }

    /// <summary>Equal when both are of the same space (by name) and assign the same values (<see cref="Key"/>).</summary>
    /// <param name="other">The architecture to compare with.</param>
    public bool Equals(Architecture? other) => other is not null && Space.Name == other.Space.Name && Key == other.Key;
    /// <inheritdoc cref="Equals(Architecture?)"/>
    public override bool Equals(object? obj) => Equals(obj as Architecture);
    /// <summary>A hash of the space's name and <see cref="Key"/>, consistent with <see cref="Equals(Architecture?)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(Space.Name, Key);

    /// <summary>The JSON document: the space (name and settings) and the values as options.</summary>
    /// <param name="indented">Indent the JSON for people.</param>
    public string ToJson(bool indented = true) => ArchitectureJson.Write(this, indented);

    /// <summary>Reads an architecture document; the space is rebuilt through the catalog.</summary>
    /// <param name="json">The document's text.</param>
    /// <param name="catalog">Where the space is found by name (default: <see cref="SpaceCatalog.Default"/>).</param>
    public static Architecture FromJson(string json, SpaceCatalog? catalog = null) => ArchitectureJson.Read(json, catalog ?? SpaceCatalog.Default);

    /// <summary>The values as options, <c>{"L1.filters": 36, ...}</c>: the document's <c>values</c> object, which <see cref="FromValuesJson"/> reads back.</summary>
    public JsonElement ValuesJson() => ArchitectureJson.Values(this);

    /// <summary>Reads values (as options) against a known space: <c>{"L1.filters": 36, ...}</c>.</summary>
    /// <param name="space">The space.</param>
    /// <param name="values">A JSON object of decision names and options.</param>
    public static Architecture FromValuesJson(SearchSpace space, JsonElement values) => ArchitectureJson.ReadValues(space, values);

    /// <summary>The values in decision order, <c>name=value</c> separated by spaces (subsets as <c>{a,b}</c>), for messages and logs.</summary>
    public override string ToString() => string.Join(" ", Space.Decisions.Where(d => Has(d.Name)).Select(d =>
        d.Name + "=" + (d.IsSubset ? "{" + string.Join(",", Options(d.Name)) + "}" : Option(d.Name).ToString())));
}
