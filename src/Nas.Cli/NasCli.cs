using System.CommandLine;
using Nas.Cli.Commands;
using Nas.Cli.Console;
using Nas.Torch.Search;

namespace Nas.Cli;

/// <summary>
/// The command line: the commands, the help of search methods, and one line for a command line that does not parse.
/// Takes its search catalog as an argument, so a test can register a method, a strategy or a space and run it here.
/// </summary>
internal static class NasCli
{
    private static readonly string[] HelpTokens = ["-h", "--help", "-?"];

    public static async Task<int> RunAsync(string[] args, SearchCatalog catalog, CancellationToken ct = default)
    {
        var root = new RootCommand("nas: neural architecture search for .NET. Search a space, then train the best architecture from scratch.");
        root.Subcommands.Add(SearchCommand.Create(catalog, out var methods));
        // nas auto: the pipeline's own command (also nas search auto), the product's front door.
        var auto = catalog.Find(Torch.Auto.AutoMethod.Instance.Name) is { } autoMethod ? new MethodCommand(catalog, autoMethod) : null;
        if (auto is not null) root.Subcommands.Add(auto.Command);
        root.Subcommands.Add(ResumeCommand.Create(catalog));
        root.Subcommands.Add(WorkerCommand.Create(catalog));
        var train = new TrainCommand();
        root.Subcommands.Add(train.Command);
        root.Subcommands.Add(ShowCommand.Create());
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(DrawCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(PredictCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(DashboardCommand.Create());

        if (args.Length >= 2 && args[0] == "search" && methods.FirstOrDefault(m => m.Method.Name.Equals(args[1], StringComparison.OrdinalIgnoreCase)) is { } method
            && args.Skip(2).FirstOrDefault(a => HelpTokens.Contains(a)) is { } help)
        {
            int at = Array.IndexOf(args, help);
            string? section = at + 1 < args.Length && !args[at + 1].StartsWith('-') ? args[at + 1] : null;
            int space = Array.IndexOf(args, "--space");
            return SearchHelp.Print(method, space > 0 && space + 1 < args.Length ? args[space + 1] : null, section, System.Console.Out);
        }

        if (auto is not null && args.Length >= 1 && args[0] == auto.Method.Name && args.Skip(1).FirstOrDefault(a => HelpTokens.Contains(a)) is { } autoHelp)
        {
            int at = Array.IndexOf(args, autoHelp);
            string? section = at + 1 < args.Length && !args[at + 1].StartsWith('-') ? args[at + 1] : null;
            int space = Array.IndexOf(args, "--space");
            return SearchHelp.Print(auto, space > 0 && space + 1 < args.Length ? args[space + 1] : null, section, System.Console.Out);
        }

        if (TrainCommand.PrintHelp(train, args)) return Environment.ExitCode;

        ParseResult parsed;
        try { parsed = root.Parse(args); }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            System.Console.Error.WriteLine($"error: {e.Message}");
            return CommandRunner.UsageError;
        }
        if (parsed.Errors.Count > 0 && !args.Any(a => HelpTokens.Contains(a)))
        {
            System.Console.Error.WriteLine($"error: {ParseErrors.Describe(parsed)}");
            return CommandRunner.UsageError;
        }
        return await parsed.InvokeAsync(cancellationToken: ct);
    }
}
