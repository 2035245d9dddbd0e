using System.CommandLine;
using Nas.Cli.Options;
using Nas.Cli.Settings;
using Nas.Search;
using Nas.Torch.Search;

namespace Nas.Cli.Commands;

/// <summary><c>nas resume DIR</c>: continues the search recorded in an experiment, whatever its method; only its budget may change.</summary>
internal static class ResumeCommand
{
    public static Command Create(SearchCatalog catalog)
    {
        var directory = new Argument<string?>("experiment") { Description = "the experiment's directory (holding experiment.db), or give --storage and --experiment", Arity = ArgumentArity.ZeroOrOne };
        var run = new RunOptionSet();
        var budget = new SettingOptions();
        budget.Add([BudgetSettings.Group]);
        var dataDir = new Option<string?>("--data-dir") { Description = "where the data set's files are now, if they moved" };
        var command = new Command("resume", "Continue a stopped or killed search from its store (the same method and settings; a new budget may be given)");
        command.Arguments.Add(directory);
        foreach (var o in new Option[] { run.Threads, run.Workers, dataDir }) command.Options.Add(o);
        run.Storage.AddTo(command);
        budget.AddTo(command);
        string FlagOf(string path) => budget.Find(path)?.Option.Name ?? path switch { "data.directory" => "--data-dir", _ => $"the recorded {path}" };
        command.SetAction((r, ct) => CommandRunner.RunAsync(() =>
        {
            var where = run.Where(r) with { Directory = r.GetValue(directory) };
            return SearchRun.ResumeAsync(catalog, where, run.Execution(r), recorded =>
            {
                var request = budget.Apply(r, recorded);
                return r.GetValue(dataDir) is { } dir ? request.With("data.directory", dir) : request;
            }, FlagOf, ct);
        }, FlagOf));
        return command;
    }
}
