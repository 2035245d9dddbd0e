using System.CommandLine;
using Nas.Reporting;
using Nas.Store;

namespace Nas.Cli.Commands;

/// <summary><c>nas dashboard</c>: an experiment's report served live over HTTP while it runs (<see cref="Dashboard"/>).</summary>
internal static class DashboardCommand
{
    public static Command Create()
    {
        var target = new Argument<string?>("experiment") { Description = "Experiment directory (holding experiment.db) (or give --storage and --experiment)", Arity = ArgumentArity.ZeroOrOne };
        var storage = new Options.StorageOptionSet();
        var port = Options.OptionFactory.Create("--port", "TCP port (0: a free one)", 8050);
        var host = Options.OptionFactory.Create("--host", "address to listen on; anything but 127.0.0.1 or localhost opens it to other machines, without authentication", "127.0.0.1");
        var command = new Command("dashboard", "Serve an experiment's report live over HTTP (it reloads every few seconds) until stopped with Ctrl+C");
        command.Arguments.Add(target);
        command.Options.Add(port);
        command.Options.Add(host);
        storage.AddTo(command);
        command.SetAction((r, ct) => CommandRunner.RunAsync(async () =>
        {
            if (r.GetValue(port) is < 0 or > 65535) throw new NasUserException($"--port: {r.GetValue(port)} is not a TCP port (0 to 65535)");
            string? directory = r.GetValue(target) is { } t && Directory.Exists(t) ? t : null;
            // Opened once now, so a wrong path or URL is one line before the server starts.
            ShowCommand.Open(r, r.GetValue(target), storage).Dispose();
            string address = r.GetValue(host)!;
            if (address is not ("127.0.0.1" or "localhost" or "::1"))
                System.Console.Error.WriteLine($"warning: --host {address}: the dashboard is reachable from other machines and has no authentication");
            using var dashboard = new Dashboard(() => ShowCommand.Open(r, r.GetValue(target), storage), directory, address, r.GetValue(port));
            System.Console.Out.WriteLine($"dashboard at {dashboard.Address} (the report, live; {dashboard.Address}experiment.json as JSON); Ctrl+C stops it");
            try { await Task.Delay(Timeout.Infinite, ct); }
            catch (OperationCanceledException) { }
            return 0;
        }));
        return command;
    }
}
