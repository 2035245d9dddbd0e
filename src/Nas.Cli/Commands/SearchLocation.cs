using Nas.Store;

namespace Nas.Cli.Commands;

/// <summary>Where a search's experiment is: a directory (<c>--out</c>), and/or a storage URL with an experiment name.</summary>
internal sealed record SearchLocation(string? Directory, StorageLocation? Storage, string? Experiment)
{
    /// <summary>The store's location: the storage given, else <c>experiment.db</c> in the directory.</summary>
    public StorageLocation Store(string? directory) => Storage ?? StorageLocation.InDirectory(directory ?? Directory
        ?? throw new NasUserException("--out: give the experiment's directory (or --storage and --experiment)"));
}
