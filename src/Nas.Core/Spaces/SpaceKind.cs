using System.Text.Json;
using System.Text.Json.Nodes;
using Nas.Architectures;
using Nas.Search;

namespace Nas.Spaces;

/// <summary>
/// A kind of search space, registered once in a <see cref="SpaceCatalog"/>: its name, what its networks learn, its
/// settings (with defaults), how to build the space from settings, and how to show an architecture of it. The torch
/// library builds networks for a kind that also implements its network interfaces, so a new space is one class and
/// one <see cref="SpaceCatalog.Register(SpaceKind)"/>.
/// </summary>
public class SpaceKind
{
    private readonly Func<JsonElement, SearchSpace> _create;

    /// <param name="name">The space's name (<c>macro</c>), as architecture files and requests carry it.</param>
    /// <param name="task">What its networks learn.</param>
    /// <param name="summary">One line for lists of spaces.</param>
    /// <param name="settings">Its settings; an empty list for a space without any.</param>
    /// <param name="create">Builds the space from settings (a JSON object; missing keys take their defaults).</param>
    public SpaceKind(string name, SpaceTask task, string summary, IReadOnlyList<Setting> settings, Func<JsonElement, SearchSpace> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(create);
        Name = name;
        Task = task;
        Summary = summary;
        Settings = new SettingGroup("space", $"{name} space", settings);
        _create = create;
    }

    /// <summary>The space's name.</summary>
    public string Name { get; }

    /// <summary>What its networks learn.</summary>
    public SpaceTask Task { get; }

    /// <summary>One line for lists of spaces.</summary>
    public string Summary { get; }

    /// <summary>Its settings, group <c>space</c>.</summary>
    public SettingGroup Settings { get; }

    /// <summary>Builds the space from full or partial settings (an architecture file's, or a request's after <see cref="SettingGroup.Read"/>).</summary>
    /// <param name="settings">A JSON object of settings; anything else reads as none given.</param>
    public SearchSpace Create(JsonElement settings) => _create(settings.ValueKind == JsonValueKind.Object ? settings : JsonDocument.Parse("{}").RootElement);

    /// <summary>Checks the settings a user gave (<see cref="SettingException"/> names <c>space.key</c>) and builds the space.</summary>
    /// <param name="given">The settings a user gave, or null for none.</param>
    public SearchSpace Create(JsonObject? given) => Create(JsonSerializer.SerializeToElement(Settings.Read(given).Values));

    /// <summary>One short line for an architecture of this space, for tables and logs.</summary>
    /// <param name="architecture">An architecture of this space.</param>
    public virtual string Describe(Architecture architecture) => architecture.ToString();

    /// <summary>How to read <see cref="Describe"/>'s line, in one sentence; null where it needs no key.</summary>
    public virtual string? Notation => null;

    /// <summary>A picture of an architecture of this space, an SVG document (its cells, or its layers); null where the kind draws none.</summary>
    /// <param name="architecture">An architecture of this space.</param>
    public virtual string? Picture(Architecture architecture) => null;

    /// <summary>Files that show the best architecture besides <c>best.json</c>: by default its <see cref="Picture"/> as <c>best.svg</c>.</summary>
    /// <param name="best">The search's best architecture.</param>
    public virtual IEnumerable<SearchArtifact> Artifacts(Architecture best) => Picture(best) is { } svg ? [new SearchArtifact("best.svg", svg)] : [];

    /// <summary>
    /// A hand-designed member of the space that a search should start from and measure itself against (the residual
    /// space's baseline, say); null when the space has none.
    /// </summary>
    /// <param name="space">The space built from this kind's settings.</param>
    public virtual Architecture? Reference(SearchSpace space) => null;

    /// <summary>
    /// The network to train instead of <see cref="Reference"/> when a budget is too short for a search to pay, where
    /// the kind knows one measured to do better than the reference at such budgets; null: the reference.
    /// </summary>
    /// <param name="space">The space built from this kind's settings.</param>
    public virtual Architecture? ShortBudget(SearchSpace space) => null;

    /// <summary>The description with a space's name, for messages.</summary>
    public override string ToString() => $"{Name} ({Task.ToString().ToLowerInvariant()}): {Summary}";
}
