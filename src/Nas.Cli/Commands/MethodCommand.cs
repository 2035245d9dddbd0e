using System.CommandLine;
using Nas.Cli.Options;
using Nas.Cli.Settings;
using Nas.Search;
using Nas.Spaces;
using Nas.Torch.Search;

namespace Nas.Cli.Commands;

/// <summary>
/// <c>nas search METHOD</c>: the options of one method, made from its settings over every space it searches (the
/// help shows those of the space given), and the run: a new search, or <c>--resume</c> of the one in <c>--out</c>.
/// </summary>
internal sealed class MethodCommand
{
    private readonly SearchCatalog _catalog;

    public MethodCommand(SearchCatalog catalog, SearchMethod method)
    {
        _catalog = catalog;
        Method = method;
        Spaces = catalog.Spaces.Kinds.Where(k => method.Supports(k, out _)).ToArray();
        Space = new Option<string?>("--space") { HelpName = "NAME", Description = $"the space to search: {string.Join(", ", Spaces.Select(s => s.Name))} (default {method.DefaultSpace})" };
        foreach (var kind in Spaces)
        {
            Settings.Add(method.Settings(kind));
            Settings.Add([kind.Settings]);
        }
        Command = new Command(method.Name, $"{method.Summary} ({method.Family})");
        Command.Options.Add(Space);
        Settings.AddTo(Command);
        Run.AddTo(Command, multiTrial: IsMultiTrial);
        Command.SetAction((r, ct) => CommandRunner.RunAsync(() => RunAsync(r, ct), FlagOf));
    }

    /// <summary>The method.</summary>
    public SearchMethod Method { get; }

    /// <summary>The spaces it searches.</summary>
    public IReadOnlyList<SpaceKind> Spaces { get; }

    /// <summary>The command.</summary>
    public Command Command { get; }

    /// <summary><c>--space</c>.</summary>
    public Option<string?> Space { get; }

    /// <summary>The method's and the spaces' settings as flags.</summary>
    public SettingOptions Settings { get; } = new();

    /// <summary>Where and how it runs: --out, --resume, --seed, --threads, --workers, --storage, --experiment.</summary>
    public RunOptionSet Run { get; } = new();

    /// <summary>Whether the method trains children as trials (and so takes workers and remote storage).</summary>
    public bool IsMultiTrial => Method is TrialSearchMethod;

    /// <summary>The flag of a setting path, for messages.</summary>
    public string FlagOf(string path) => path switch
    {
        "space" => "--space",
        "seed" => "--seed",
        "method" => $"nas search {Method.Name}",
        _ => Settings.Find(path)?.Option.Name ?? SettingFlags.Flag(path),
    };

    /// <summary>The request of this command line.</summary>
    public SearchRequest Request(ParseResult r) => Settings.Apply(r, new SearchRequest
    {
        Method = Method.Name,
        Space = r.GetValue(Space),
        Seed = Run.Seed(r),
    });

    private Task<int> RunAsync(ParseResult r, CancellationToken ct)
    {
        var where = Run.Where(r);
        var execution = Run.Execution(r);
        return r.GetValue(Run.Resume)
            ? SearchRun.ResumeAsync(_catalog, where, execution, recorded => Overlay(r, recorded), FlagOf, ct)
            : SearchRun.StartAsync(_catalog, Request(r), where, execution, FlagOf, ct);
    }

    // On --resume the command line may only repeat the recorded search (or change its budget): what it gives is set
    // on the recorded request, and the library refuses what differs.
    private SearchRequest Overlay(ParseResult r, SearchRequest recorded)
    {
        if (!recorded.Method.Equals(Method.Name, StringComparison.OrdinalIgnoreCase))
            throw new NasUserException($"the experiment is a {recorded.Method} search, not {Method.Name}: resume it with nas search {recorded.Method} --resume, or nas resume");
        var request = recorded;
        if (r.GetValue(Space) is { } space) request = request with { Space = space };
        if (r.GetResult(Run.SeedOption) is { Implicit: false }) request = request with { Seed = Run.Seed(r) };
        return Settings.Apply(r, request);
    }
}
