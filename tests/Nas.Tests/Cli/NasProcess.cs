using System.Diagnostics;
using System.Text;

namespace Nas.Tests.Cli;

/// <summary>Runs the real nas executable (copied beside the tests) as a child process.</summary>
internal static class NasProcess
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string All => Output + Error;
    }

    /// <summary>A process started in the background, with its output being collected line by line as it comes.</summary>
    public sealed class Running
    {
        private readonly StringBuilder _output = new(), _error = new();
        private readonly TaskCompletionSource _outputClosed = new(), _errorClosed = new();

        internal Running(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, e) => Collect(_output, _outputClosed, e.Data);
            process.ErrorDataReceived += (_, e) => Collect(_error, _errorClosed, e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }
        public bool HasExited => Process.HasExited;

        /// <summary>Standard output so far.</summary>
        public string Output { get { lock (_output) return _output.ToString(); } }

        /// <summary>
        /// Waits until standard output contains <paramref name="text"/>, the process exits, or the generous deadline
        /// passes; true when the text came. Tests wait for what a process says, never for a fixed time.
        /// </summary>
        public bool WaitForOutput(string text, TimeSpan deadline)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < deadline)
            {
                if (Output.Contains(text, StringComparison.Ordinal)) return true;
                if (Process.HasExited) return Output.Contains(text, StringComparison.Ordinal);
                Thread.Sleep(20);
            }
            return false;
        }

        internal Result Finish()
        {
            Task.WaitAll(_outputClosed.Task, _errorClosed.Task);
            string output, error;
            lock (_output) output = _output.ToString();
            lock (_error) error = _error.ToString();
            return new Result(Process.ExitCode, output, error);
        }

        private static void Collect(StringBuilder into, TaskCompletionSource closed, string? line)
        {
            if (line is null) { closed.TrySetResult(); return; } // the stream ended
            lock (into) into.Append(line).Append('\n');
        }
    }

    public static Result Run(string workingDirectory, params string[] args) => Finish(Start(workingDirectory, args));

    public static Running Start(string workingDirectory, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "nas.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["NAS_DEBUG"] = "0";
        return new Running(Process.Start(start)!);
    }

    public static Result Finish(Running r)
    {
        using var p = r.Process;
        if (!p.WaitForExit(TimeSpan.FromMinutes(5))) { p.Kill(true); throw new TimeoutException("nas did not finish in 5 minutes"); }
        p.WaitForExit(); // and its output streams drained
        return r.Finish();
    }
}
