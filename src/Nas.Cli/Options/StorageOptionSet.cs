using System.CommandLine;
using Nas.Store;

namespace Nas.Cli.Options;

/// <summary><c>--storage</c> and <c>--experiment</c>: where an experiment lives (an SQLite file by default, or PostgreSQL).</summary>
internal sealed class StorageOptionSet
{
    public Option<string?> Storage { get; } = OptionFactory.OptionalText("--storage",
        "where the experiment is kept: sqlite:///PATH (relative; sqlite:////ABSOLUTE) or postgresql://user@host[:port]/database (default: sqlite in the --out directory)");
    public Option<string?> Experiment { get; } = OptionFactory.OptionalText("--experiment",
        "the experiment's name in a PostgreSQL --storage (lower-case letters, digits, underscores)");

    public void AddTo(Command command)
    {
        Storage.HelpName = "URL";
        Experiment.HelpName = "NAME";
        command.Options.Add(Storage);
        command.Options.Add(Experiment);
    }

    /// <summary>
    /// The library's error about a storage URL or an experiment name, in this command line's words: <c>--storage: ...</c>
    /// or <c>--experiment: ...</c>, naming the flag that holds the part at fault.
    /// </summary>
    public static string Describe(StorageLocationException e) => $"{(e.Part == StoragePart.Url ? "--storage" : "--experiment")}: {e.Problem}";

    /// <summary>The location given, or the SQLite file in <paramref name="directory"/> when none was.</summary>
    public StorageLocation Location(ParseResult r, string? directory)
    {
        if (r.GetValue(Storage) is { } url) return StorageLocation.Parse(url);
        if (directory is null) throw new NasUserException("--storage: give the experiment's --storage (or its directory)");
        return StorageLocation.InDirectory(directory);
    }

    /// <summary>Opens the experiment; a missing one is an error unless <paramref name="create"/>.</summary>
    public SqlExperimentStore Open(ParseResult r, string? directory, bool create)
    {
        var location = Location(r, directory);
        if (!create && !location.IsPostgres && !File.Exists(location.SqlitePath))
            throw new NasUserException($"{location.SqlitePath}: no experiment database there");
        return location.Open(r.GetValue(Experiment), create);
    }
}
