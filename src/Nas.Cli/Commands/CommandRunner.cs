namespace Nas.Cli.Commands;

/// <summary>
/// Runs a command body and turns failures into exit codes: a user error prints one line on stderr
/// (exit 1), cancellation exits 130, anything else is a bug and says so (stack trace with NAS_DEBUG=1).
/// </summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (NasUserException e)
        {
            System.Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            System.Console.Error.WriteLine("cancelled");
            return 130;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("NAS_DEBUG") != "1")
        {
            System.Console.Error.WriteLine($"error: unexpected failure: {e.GetType().Name}: {e.Message} (set NAS_DEBUG=1 for details)");
            return 70;
        }
    }

    public static Task<int> Run(Func<int> body) => RunAsync(() => Task.FromResult(body()));
}
