namespace Nas.Cli.Console;

/// <summary>Writes a command's text output to the file its <c>--out</c> names, creating the folders on the way.</summary>
internal static class OutputFile
{
    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/>; a file that cannot be written is one line naming <c>--out</c>.</summary>
    public static void Write(string path, string text)
    {
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null) Directory.CreateDirectory(directory);
            File.WriteAllText(path, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NasUserException($"--out: cannot write '{path}': {e.Message}");
        }
    }
}
