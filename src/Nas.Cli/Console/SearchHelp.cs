using System.CommandLine;
using System.Text.Json.Nodes;
using Nas.Cli.Commands;
using Nas.Search;
using Nas.Spaces;

namespace Nas.Cli.Console;

/// <summary>
/// The help of <c>nas search METHOD</c> for one space (the one given with <c>--space</c>, else the method's default):
/// its options by section, the everyday ones with their defaults and the rest named in one line per section;
/// <c>--help SECTION</c> shows a section in full.
/// </summary>
internal static class SearchHelp
{
    public static int Print(MethodCommand command, string? spaceName, string? section, TextWriter output)
    {
        var method = command.Method;
        var kind = command.Spaces.FirstOrDefault(s => s.Name.Equals(spaceName ?? method.DefaultSpace, StringComparison.OrdinalIgnoreCase));
        if (kind is null)
        {
            System.Console.Error.WriteLine($"error: --space: nas search {method.Name} searches {string.Join(", ", command.Spaces.Select(s => s.Name))}, not '{spaceName}'");
            return CommandRunner.UsageError;
        }
        var groups = method.Settings(kind).Append(kind.Settings).Where(g => g.Settings.Count > 0).ToArray();
        if (section is not null)
        {
            var group = groups.FirstOrDefault(g => g.Name.Equals(section, StringComparison.OrdinalIgnoreCase));
            if (group is null)
            {
                System.Console.Error.WriteLine($"error: --help: no section '{section}' (sections: {string.Join(", ", groups.Select(g => g.Name))})");
                return CommandRunner.UsageError;
            }
            output.WriteLine($"nas search {method.Name} --space {kind.Name}: {group.Title}");
            foreach (var s in group.Settings) Row(output, command, group, s);
            return 0;
        }

        output.WriteLine($"nas search {method.Name}: {method.Summary} ({method.Family})");
        output.WriteLine();
        output.WriteLine($"Usage: nas search {method.Name} [options]");
        output.WriteLine($"This page is for the {kind.Name} space ({kind.Summary}).");
        var others = command.Spaces.Where(s => s != kind).Select(s => s.Name).ToArray();
        if (others.Length > 0) output.WriteLine($"Other spaces: {string.Join(", ", others)} (nas search {method.Name} --space NAME --help).");
        output.WriteLine();
        output.WriteLine("Run:");
        foreach (var o in command.Command.Options.Where(o => command.Settings.Entries.All(e => e.Option != o) && o.Name is not ("--help" or "--version")))
            Line(output, o.Name + Value(o), o.Description ?? "");
        foreach (var group in groups)
        {
            output.WriteLine();
            output.WriteLine($"{group.Title}:");
            foreach (var s in group.Settings.Where(s => !s.Advanced)) Row(output, command, group, s);
            var more = group.Settings.Where(s => s.Advanced).Select(s => command.FlagOf($"{group.Name}.{s.Key}")).ToArray();
            if (more.Length > 0) output.WriteLine($"  also: {string.Join(", ", more)} (nas search {method.Name} --help {group.Name})");
        }
        return 0;
    }

    private static void Row(TextWriter output, MethodCommand command, SettingGroup group, Setting s)
    {
        string flag = command.FlagOf($"{group.Name}.{s.Key}");
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

    private static string Value(Option o) => o.ValueType == typeof(bool) ? "" : $" {o.HelpName ?? "VALUE"}";

    private static void Line(TextWriter output, string left, string right) =>
        output.WriteLine(left.Length < 30 ? $"  {left,-30}{right}" : $"  {left}\n  {"",-30}{right}");
}
