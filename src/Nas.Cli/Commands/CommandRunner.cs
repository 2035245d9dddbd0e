using Nas.Cli.Options;
using Nas.Search;
using Nas.Store;

namespace Nas.Cli.Commands;

/// <summary>
/// Runs a command body and turns failures into exit codes: a setting with a bad value is a usage error (one line
/// naming the flag, exit 2); a bad storage URL or experiment name names <c>--storage</c> or <c>--experiment</c> (exit 1); another
/// user error prints one line (exit 1); cancellation exits 130; anything else is a
/// bug and says so (stack trace with NAS_DEBUG=1).
/// </summary>
internal static class CommandRunner
{
    /// <summary>Exit code of a usage error: an option with a value that does not work.</summary>
    public const int UsageError = 2;

    /// <param name="body">The command.</param>
    /// <param name="flagOf">The command's flag for a library setting path; null when the command has none.</param>
    public static async Task<int> RunAsync(Func<Task<int>> body, Func<string, string>? flagOf = null)
    {
        try
        {
            return await body();
        }
        catch (SettingException e)
        {
            System.Console.Error.WriteLine($"error: {(flagOf ?? Settings.SettingFlags.Flag)(e.Path)} {e.Problem}");
            return UsageError;
        }
        catch (OutputDirectoryException e)
        {
            System.Console.Error.WriteLine($"error: --out: {e.Directory} {e.Problem}");
            return 1;
        }
        catch (StorageLocationException e)
        {
            System.Console.Error.WriteLine($"error: {StorageOptionSet.Describe(e)}");
            return 1;
        }
        catch (ExperimentInUseException e)
        {
            System.Console.Error.WriteLine($"error: {e.Location} already holds an experiment (nothing was changed); choose another --out or --experiment, or continue it with --resume");
            return 1;
        }
        catch (NasUserException e)
        {
            System.Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (Exception e) when (Torch.Runtime.OutOfMemory.TryDescribe(e, out var message))
        {
            System.Console.Error.WriteLine($"error: {message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            System.Console.Error.WriteLine("cancelled");
            return 130;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("NAS_DEBUG") != "1")
        {
            System.Console.Error.WriteLine($"error: unexpected failure: {e.GetType().Name}: {FirstLine(e.Message)} (set NAS_DEBUG=1 for details)");
            return 70;
        }
    }

    public static Task<int> Run(Func<int> body, Func<string, string>? flagOf = null) => RunAsync(() => Task.FromResult(body()), flagOf);

    // Native errors carry pages of C++ frames after their first line.
    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
