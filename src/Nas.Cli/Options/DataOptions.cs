using System.CommandLine;

namespace Nas.Cli.Options;

/// <summary>The data set options shared by every command that trains.</summary>
internal sealed class DataOptions
{
    public Option<string> Dataset { get; } = OptionFactory.Create("--dataset",
        "Data set: fashion-mnist (found in /usr/share/datasets/fashion-mnist, Debian package dataset-fashion-mnist), mnist or cifar10 (both need --data-dir)",
        "fashion-mnist");
    public Option<string?> DataDirectory { get; } = OptionFactory.OptionalText("--data-dir",
        "Directory holding the data set's files (IDX files for mnist/fashion-mnist, data_batch_*.bin for cifar10)");

    public void AddTo(Command command)
    {
        command.Options.Add(Dataset);
        command.Options.Add(DataDirectory);
    }
}
