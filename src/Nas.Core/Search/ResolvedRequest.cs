using System.Text.Json;
using System.Text.Json.Nodes;
using Nas.Spaces;

namespace Nas.Search;

/// <summary>
/// A request read against a method's settings: the space built from its settings, every group checked and completed
/// with the method's defaults. Settings the method does not read are refused, naming the first of them.
/// </summary>
public sealed class ResolvedRequest
{
    private readonly Dictionary<string, SettingValues> _groups;

    private ResolvedRequest(SearchMethod method, SearchRequest request, SpaceKind kind, SearchSpace space, Dictionary<string, SettingValues> groups)
    {
        Method = method;
        Request = request;
        Kind = kind;
        Space = space;
        _groups = groups;
    }

    /// <summary>The method.</summary>
    public SearchMethod Method { get; }

    /// <summary>The request as given.</summary>
    public SearchRequest Request { get; }

    /// <summary>The space's kind.</summary>
    public SpaceKind Kind { get; }

    /// <summary>The space, built from its settings.</summary>
    public SearchSpace Space { get; }

    /// <summary>The seed.</summary>
    public int Seed => Request.Seed;

    /// <summary>The values of a group the method reads.</summary>
    public SettingValues this[string group] => _groups.TryGetValue(group, out var v) ? v
        : throw new InvalidOperationException($"{Method.Name} reads no settings group '{group}'");

    /// <summary>Reads <paramref name="request"/> for <paramref name="method"/>; throws <see cref="SettingException"/> naming what does not work.</summary>
    /// <param name="method">The method that will run the request.</param>
    /// <param name="request">What the user asked for.</param>
    /// <param name="spaces">Where the request's space is found.</param>
    public static ResolvedRequest Resolve(SearchMethod method, SearchRequest request, SpaceCatalog spaces)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(request);
        var kind = spaces.Kind(method.SpaceOf(request));
        if (!method.Supports(kind, out var why)) throw new SettingException("space", why);
        var space = kind.Create(request.SpaceSettings);
        var schema = method.Settings(kind);
        foreach (var (name, given) in request.Settings)
        {
            if (schema.Any(g => g.Name == name) || given is not JsonObject o || o.Count == 0) continue;
            string first = o.First().Key;
            throw new UnknownSettingException($"{name}.{first}", $"does not apply to {method.Name} searches of the {kind.Name} space");
        }
        var groups = new Dictionary<string, SettingValues>();
        foreach (var g in schema)
        {
            try { groups[g.Name] = g.Read(request.Group(g.Name)); }
            catch (UnknownSettingException e) { throw new UnknownSettingException(e.Path, $"does not apply to {method.Name} searches of the {kind.Name} space"); }
        }
        return new ResolvedRequest(method, request, kind, space, groups);
    }

    /// <summary>What is recorded: the method, the space and its settings, the seed and every group's values in effect.</summary>
    public JsonObject Configuration()
    {
        var settings = new JsonObject();
        foreach (var (name, values) in _groups) settings[name] = values.Values.DeepClone();
        return new JsonObject
        {
            ["method"] = Method.Name,
            ["space"] = new JsonObject { ["name"] = Space.Name, ["settings"] = JsonNode.Parse(Space.Settings.GetRawText()) },
            ["seed"] = Seed,
            ["settings"] = settings,
        };
    }
}
