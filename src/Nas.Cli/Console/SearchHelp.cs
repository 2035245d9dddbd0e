using Nas.Cli.Commands;

namespace Nas.Cli.Console;

/// <summary>The help of <c>nas search METHOD</c> for one space: the one given with <c>--space</c>, else the method's default.</summary>
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
        var others = command.Spaces.Where(s => s != kind).Select(s => s.Name).ToArray();
        string[] heading =
        [
            $"nas search {method.Name}: {method.Summary} ({method.Family})",
            "",
            $"Usage: nas search {method.Name} [options]",
            $"This page is for the {kind.Name} space ({kind.Summary}).",
            .. others.Length > 0 ? [$"Other spaces: {string.Join(", ", others)} (nas search {method.Name} --space NAME --help)."] : Array.Empty<string>(),
        ];
        var own = command.Command.Options.Where(o => command.Settings.Entries.All(e => e.Option != o) && o.Name is not ("--help" or "--version"));
        return SettingsHelp.Print(output, $"nas search {method.Name}" + (spaceName is null ? "" : $" --space {kind.Name}"), heading, own,
            [.. method.Settings(kind), kind.Settings], command.FlagOf, section);
    }
}
