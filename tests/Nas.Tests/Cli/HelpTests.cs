using Nas.Cli.Commands;
using Nas.Cli.Console;
using Nas.Torch.Search;

namespace Nas.Tests.Cli;

/// <summary>Every method's help, for every space it searches, is short: a person can read it.</summary>
public class HelpTests
{
    public static TheoryData<string, string> MethodsAndSpaces()
    {
        var data = new TheoryData<string, string>();
        foreach (var method in SearchCatalog.Default.Methods)
            foreach (var kind in SearchCatalog.Default.Spaces.Kinds.Where(k => method.Supports(k, out _)))
                data.Add(method.Name, kind.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(MethodsAndSpaces))]
    public void A_methods_help_lists_at_most_30_options_and_names_the_rest(string method, string space)
    {
        var command = new MethodCommand(SearchCatalog.Default, SearchCatalog.Default.Method(method));
        var page = new StringWriter();
        Assert.Equal(0, SearchHelp.Print(command, space, null, page));
        var lines = page.ToString().Split('\n');
        int options = lines.Count(l => l.StartsWith("  --", StringComparison.Ordinal));
        Assert.InRange(options, 8, 30);
        // Every method trains something for a number of epochs, but auto, which plans them from its time budget.
        Assert.Contains(lines, l => l.StartsWith(method == "auto" ? "  --time-budget" : "  --epochs", StringComparison.Ordinal));
        // Every flag the command takes is on the page, listed or named in an "also:" line, or in a section's page.
        var sections = new StringWriter();
        foreach (var group in command.Settings.Entries.Select(e => e.Path.Split('.')[0]).Distinct())
            SearchHelp.Print(command, space, group, sections);
        foreach (var option in command.Command.Options.Where(o => o.Name != "--help"))
            Assert.True(page.ToString().Contains(option.Name) || sections.ToString().Contains(option.Name) || NotForThisSpace(command, option.Name, space),
                $"{option.Name} is on no help page of {method} --space {space}");
    }

    // A flag of another space the method searches (--bptt on an image space, say) is on that space's page.
    private static bool NotForThisSpace(MethodCommand command, string flag, string space)
    {
        var entry = command.Settings.Entries.FirstOrDefault(e => e.Option.Name == flag);
        if (entry is null) return false;
        var kind = SearchCatalog.Default.Spaces.Kind(space);
        string group = entry.Path.Split('.')[0], key = entry.Path[(group.Length + 1)..];
        var groups = command.Method.Settings(kind).Append(kind.Settings);
        return !groups.Any(g => g.Name == group && g.Find(key) is not null);
    }
}
