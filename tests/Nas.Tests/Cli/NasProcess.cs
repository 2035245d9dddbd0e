using System.Diagnostics;

namespace Nas.Tests.Cli;

/// <summary>Runs the real nas executable (copied beside the tests) as a child process.</summary>
internal static class NasProcess
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string All => Output + Error;
    }

    /// <summary>A process started in the background, with its output being collected.</summary>
    public sealed class Running(Process process, Task<string> output, Task<string> error)
    {
        public Process Process { get; } = process;
        public bool HasExited => Process.HasExited;
        internal Task<string> Output { get; } = output;
        internal Task<string> Error { get; } = error;
    }

    public static Result Run(string workingDirectory, params string[] args) => Finish(Start(workingDirectory, args));

    public static Running Start(string workingDirectory, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "nas.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["NAS_DEBUG"] = "0";
        var p = Process.Start(start)!;
        return new Running(p, p.StandardOutput.ReadToEndAsync(), p.StandardError.ReadToEndAsync());
    }

    public static Result Finish(Running r)
    {
        using var p = r.Process;
        if (!p.WaitForExit(TimeSpan.FromMinutes(5))) { p.Kill(true); throw new TimeoutException("nas did not finish in 5 minutes"); }
        return new Result(p.ExitCode, r.Output.Result, r.Error.Result);
    }
}
