using System.Diagnostics;

namespace Nas.Bench;

/// <summary>
/// One <c>nas</c> child process whose standard output and error are appended to a log file (restarts of the
/// same role append to the same file, each under a header), so a long chaos run leaves a readable record.
/// </summary>
internal sealed class LoggedProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly object _gate = new();

    private LoggedProcess(string role, Process process, StreamWriter log)
    {
        Role = role;
        _process = process;
        _log = log;
    }

    /// <summary>What it is in the run ("coordinator", "worker-1").</summary>
    public string Role { get; }

    /// <summary>The process id, kept after it is gone (for logs).</summary>
    public int Id { get; private set; }

    public DateTime StartedAt { get; } = DateTime.UtcNow;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <c>dotnet nas.dll ARGS</c>, appending its output to <paramref name="logPath"/>.</summary>
    public static LoggedProcess Start(string role, string nasDll, IReadOnlyList<string> arguments, string logPath)
    {
        var log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var process = new Process { StartInfo = NasCli.StartInfo(nasDll, arguments) };
        var logged = new LoggedProcess(role, process, log);
        process.OutputDataReceived += (_, e) => logged.Append(e.Data);
        process.ErrorDataReceived += (_, e) => logged.Append(e.Data);
        process.Start();
        logged.Id = process.Id;
        log.WriteLine($"===== {DateTime.UtcNow:HH:mm:ss.fff} {role} pid {process.Id}: nas {string.Join(' ', arguments)}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return logged;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_gate) _log.WriteLine(line);
    }

    /// <summary>SIGKILL, with no chance to clean up (what a crash or an OOM kill does), then waits for it to be gone.</summary>
    public void Kill()
    {
        try { _process.Kill(); }
        catch (InvalidOperationException) { /* it exited just before */ }
        _process.WaitForExit();
    }

    /// <summary>Waits up to <paramref name="timeout"/> for it to exit; whether it did.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) return false;
        _process.WaitForExit(); // and for its output to be drained into the log
        return true;
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.WaitForExit();
        lock (_gate)
        {
            _log.WriteLine($"===== {DateTime.UtcNow:HH:mm:ss.fff} {Role} pid {_process.Id} gone, exit code {_process.ExitCode}");
            _log.Dispose();
        }
        _process.Dispose();
    }
}
