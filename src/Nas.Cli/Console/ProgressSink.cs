using Spectre.Console;

namespace Nas.Cli.Console;

/// <summary>
/// Where long work reports: live Spectre.Console bars on a terminal, plain log lines otherwise (CI, pipes).
/// Two bars: the whole job (trials or epochs) and the current piece (batches).
/// </summary>
internal sealed class ProgressSink
{
    private readonly ProgressTask? _overall;
    private readonly ProgressTask? _current;

    private ProgressSink(ProgressTask? overall, ProgressTask? current)
    {
        _overall = overall;
        _current = current;
    }

    public static bool Interactive => !System.Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="body"/> with a sink: bars when interactive, plain lines otherwise.</summary>
    public static async Task<T> RunAsync<T>(string overallTitle, double overallMax, Func<ProgressSink, Task<T>> body)
    {
        if (!Interactive) return await body(new ProgressSink(null, null));
        T result = default!;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                     new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var overall = ctx.AddTask(Markup.Escape(overallTitle), maxValue: Math.Max(1, overallMax));
                var current = ctx.AddTask("starting", maxValue: 1);
                result = await body(new ProgressSink(overall, current));
                overall.Value = overall.MaxValue;
                current.Value = current.MaxValue;
            });
        return result;
    }

    public bool IsInteractive => _overall is not null;

    /// <summary>Moves the whole-job bar (and sets its end when the job's size has changed); the description is kept short.</summary>
    public void Overall(double value, string description, double? max = null)
    {
        if (_overall is null) return;
        if (max is { } m) _overall.MaxValue = Math.Max(1, m);
        _overall.Value = value;
        _overall.Description = Markup.Escape(description);
    }

    /// <summary>Moves the current-piece bar.</summary>
    public void Current(double value, double max, string description)
    {
        if (_current is null) return;
        _current.MaxValue = Math.Max(1, max);
        _current.Value = value;
        _current.Description = Markup.Escape(description);
    }

    /// <summary>A log line, printed only when there are no bars (so bars are not torn).</summary>
    public void Line(string text)
    {
        if (_overall is null) System.Console.Out.WriteLine(text);
    }
}
