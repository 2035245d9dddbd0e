using System.CommandLine;
using System.Text.Json.Nodes;
using Nas.Search;

namespace Nas.Cli.Settings;

/// <summary>
/// The options of a command made from the library's settings: one flag per setting path, values passed to the library
/// as typed (it parses and checks them, so a bad value gets the library's one-line reason), and the way back from a
/// path to the flag for messages.
/// </summary>
internal sealed class SettingOptions
{
    private readonly List<Entry> _entries = [];
    private readonly Dictionary<string, Entry> _byPath = new(StringComparer.Ordinal);

    /// <summary>One flag: its setting's path, the option, and the setting as first declared.</summary>
    public sealed record Entry(string Path, Option Option, Setting Setting);

    /// <summary>Adds the settings of <paramref name="groups"/> not added yet (the union over every space a method supports).</summary>
    public void Add(IEnumerable<SettingGroup> groups)
    {
        foreach (var group in groups)
            foreach (var setting in group.Settings)
                Add($"{group.Name}.{setting.Key}", setting);
    }

    /// <summary>Adds one setting under <paramref name="path"/> unless it is there.</summary>
    public void Add(string path, Setting setting)
    {
        if (_byPath.ContainsKey(path)) return;
        string flag = SettingFlags.Flag(path);
        if (_entries.FirstOrDefault(e => e.Option.Name == flag) is { } clash)
            throw new InvalidOperationException($"settings {clash.Path} and {path} would share the flag {flag}");
        Option option = setting.Kind == SettingKind.Boolean
            ? new Option<string?>(flag, SettingFlags.Aliases(path)) { Description = setting.Description, Arity = ArgumentArity.ZeroOrOne }
            : new Option<string?>(flag, SettingFlags.Aliases(path)) { Description = setting.Description };
        var entry = new Entry(path, option, setting);
        _entries.Add(entry);
        _byPath[path] = entry;
    }

    /// <summary>Every flag, in the order added.</summary>
    public IReadOnlyList<Entry> Entries => _entries;

    /// <summary>The entry of a path, or null.</summary>
    public Entry? Find(string path) => _byPath.GetValueOrDefault(path);

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var e in _entries) command.Options.Add(e.Option);
    }

    /// <summary>The values the user gave, as (path, value) pairs, in the order of the options.</summary>
    public IEnumerable<(string Path, JsonNode Value)> Given(ParseResult r)
    {
        foreach (var e in _entries)
        {
            if (r.GetResult(e.Option) is not { Implicit: false }) continue;
            switch (e.Option)
            {
                // A switch given alone (--flip) is true; with a word, the library reads the word.
                case Option<string?> s when e.Setting.Kind == SettingKind.Boolean: yield return (e.Path, JsonValue.Create(r.GetValue(s) ?? "true")); break;
                case Option<string?> s when r.GetValue(s) is { } text: yield return (e.Path, JsonValue.Create(text)); break;
            }
        }
    }

    /// <summary>The request with every value the user gave set on it.</summary>
    public SearchRequest Apply(ParseResult r, SearchRequest request)
    {
        foreach (var (path, value) in Given(r)) request = request.With(path, value);
        return request;
    }

    /// <summary>The training request with every value the user gave set on it.</summary>
    public Torch.Final.TrainRequest Apply(ParseResult r, Torch.Final.TrainRequest request)
    {
        foreach (var (path, value) in Given(r)) request = request.With(path, value);
        return request;
    }
}
