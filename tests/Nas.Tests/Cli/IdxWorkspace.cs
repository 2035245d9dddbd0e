namespace Nas.Tests.Cli;

/// <summary>A temporary directory holding a tiny generated IDX data set (in <see cref="Data"/>), deleted with the test class.</summary>
public abstract class IdxWorkspace : IDisposable
{
    protected IdxWorkspace(string prefix, int train, int test)
    {
        Root = Directory.CreateTempSubdirectory(prefix).FullName;
        IdxFiles.WriteDataset(Data, train, test);
    }

    public string Root { get; }
    public string Data => Path.Combine(Root, "data");
    public void Dispose() => Directory.Delete(Root, recursive: true);
}
