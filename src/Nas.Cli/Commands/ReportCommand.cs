using System.CommandLine;
using Nas.Cli.Console;
using Nas.Store;
using Nas.Reporting;

namespace Nas.Cli.Commands;

/// <summary><c>nas report DIR</c>: an experiment as one self-contained HTML file (<see cref="HtmlReport"/>).</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var target = new Argument<string?>("experiment") { Description = "Experiment directory (holding experiment.db), or a nas train directory (holding result.json) (or give --storage)", Arity = ArgumentArity.ZeroOrOne };
        var storage = new Options.StorageOptionSet();
        var output = Options.OptionFactory.OptionalText("--out", $"the HTML file to write (default: {HtmlReport.FileName} in the experiment's directory)");
        var command = new Command("report", "Write an experiment's report: one HTML file with its charts, trials and configuration that opens offline");
        command.Arguments.Add(target);
        command.Options.Add(output);
        storage.AddTo(command);
        command.SetAction((r, ct) => CommandRunner.Run(() =>
        {
            string? directory = r.GetValue(target) is { } t && Directory.Exists(t) ? t : null;
            // A nas train directory has a training but no experiment; anything else is opened first, so a wrong path
            // is named before the question of where to write.
            bool training = directory is not null && !File.Exists(Path.Combine(directory, StorageLocation.FileName)) && File.Exists(Path.Combine(directory, Torch.Final.FinalOutput.Result));
            using var store = training ? null : ShowCommand.Open(r, r.GetValue(target), storage);
            string path = r.GetValue(output) ?? (directory is not null ? Path.Combine(directory, HtmlReport.FileName)
                : throw new NasUserException("--out: needed when the experiment is not a directory (--storage)"));
            string html = HtmlReport.Render(store, directory);
            OutputFile.Write(path, html);
            System.Console.Out.WriteLine($"wrote {path}");
            return 0;
        }));
        return command;
    }
}
