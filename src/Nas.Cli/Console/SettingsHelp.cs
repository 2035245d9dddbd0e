using System.CommandLine;
using System.Text.Json.Nodes;
using Nas.Cli.Commands;
using Nas.Search;

namespace Nas.Cli.Console;

/// <summary>
/// The help page of a command whose options are the library's settings: its own options, then one section per
/// settings group, the everyday settings with their ranges and defaults and the rest named in one <c>also:</c> line
/// (<c>--help SECTION</c> shows a section in full).
/// </summary>
internal static class SettingsHelp
{
    /// <param name="output">Where to write.</param>
    /// <param name="command">The command line that shows this page (<c>nas search darts</c>), for the <c>--help SECTION</c> hint.</param>
    /// <param name="heading">The lines before the options.</param>
    /// <param name="own">The command's options that are not settings.</param>
    /// <param name="groups">The settings, by group.</param>
    /// <param name="flagOf">The flag of a setting path.</param>
    /// <param name="section">A group to show in full, or null for the page.</param>
    public static int Print(TextWriter output, string command, IEnumerable<string> heading, IEnumerable<Option> own, IReadOnlyList<SettingGroup> groups,
        Func<string, string> flagOf, string? section)
    {
        groups = groups.Where(g => g.Settings.Count > 0).ToArray();
        if (section is not null)
        {
            var group = groups.FirstOrDefault(g => g.Name.Equals(section, StringComparison.OrdinalIgnoreCase));
            if (group is null)
            {
                System.Console.Error.WriteLine($"error: --help: no section '{section}' (sections: {string.Join(", ", groups.Select(g => g.Name))})");
                return CommandRunner.UsageError;
            }
            output.WriteLine($"{command}: {group.Title}");
            foreach (var s in group.Settings) Row(output, flagOf($"{group.Name}.{s.Key}"), s);
            return 0;
        }
        foreach (var line in heading) output.WriteLine(line);
        output.WriteLine();
        output.WriteLine("Run:");
        foreach (var o in own) Line(output, o.Name + (o.ValueType == typeof(bool) ? "" : $" {o.HelpName ?? "VALUE"}"), o.Description ?? "");
        foreach (var group in groups)
        {
            output.WriteLine();
            output.WriteLine($"{group.Title}:");
            foreach (var s in group.Settings.Where(s => !s.Advanced)) Row(output, flagOf($"{group.Name}.{s.Key}"), s);
            var more = group.Settings.Where(s => s.Advanced).Select(s => flagOf($"{group.Name}.{s.Key}")).ToArray();
            if (more.Length > 0) output.WriteLine($"  also: {string.Join(", ", more)} ({command} --help {group.Name})");
        }
        return 0;
    }

    private static void Row(TextWriter output, string flag, Setting s)
    {
        string value = s.Kind switch
        {
            SettingKind.Boolean => "",
            SettingKind.Integer => " N",
            SettingKind.Real => " X",
            SettingKind.Duration => " TIME",
            SettingKind.Integers => " N,N",
            _ => s.Choices is { } c ? $" {string.Join("|", c)}" : " TEXT",
        };
        string range = s.Range() is { } r && s.Kind is SettingKind.Integer or SettingKind.Real ? $", {r}" : "";
        string deflt = s.Default is JsonNode d ? $" [default: {(d is JsonValue v && v.TryGetValue<string>(out var t) ? t : d.ToJsonString())}]" : "";
        Line(output, flag + value, s.Description + range + deflt);
    }

    private static void Line(TextWriter output, string left, string right) =>
        output.WriteLine(left.Length < 30 ? $"  {left,-30}{right}" : $"  {left}\n  {"",-30}{right}");
}
