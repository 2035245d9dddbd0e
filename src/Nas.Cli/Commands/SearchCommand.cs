using System.CommandLine;
using Nas.Torch.Search;

namespace Nas.Cli.Commands;

/// <summary><c>nas search METHOD</c>: one subcommand per method of the catalog, each with its own options.</summary>
internal static class SearchCommand
{
    public static Command Create(SearchCatalog catalog, out IReadOnlyList<MethodCommand> methods)
    {
        var command = new Command("search", "Search a space for a good architecture: nas search METHOD [options]; nas search METHOD --help shows a method's options");
        var list = catalog.Methods.Select(m => new MethodCommand(catalog, m)).ToArray();
        foreach (var m in list) command.Subcommands.Add(m.Command);
        methods = list;
        command.SetAction(_ =>
        {
            System.Console.Error.WriteLine("error: nas search needs a method first: " + string.Join(", ", list.Select(m => m.Method.Name)) + " (nas search --help lists them)");
            return CommandRunner.UsageError;
        });
        return command;
    }
}
