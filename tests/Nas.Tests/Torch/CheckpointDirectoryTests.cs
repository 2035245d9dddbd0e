using Nas.Torch.Training;

namespace Nas.Tests.Torch;

/// <summary>The swap every checkpoint is saved with: whatever moment a kill falls on, one whole checkpoint is read.</summary>
public class CheckpointDirectoryTests : IDisposable
{
    private readonly string _root = ExactAssert.TemporaryDirectory("nas-checkpoint-dir-");

    public void Dispose() => Directory.Delete(_root, true);

    private static void Write(string directory, string content) => File.WriteAllText(Path.Combine(directory, "content.txt"), content);

    private static string Content(CheckpointDirectory checkpoint) => File.ReadAllText(Path.Combine(checkpoint.Source!, "content.txt"));

    [Fact]
    public void A_save_replaces_the_last_whole_and_leaves_nothing_beside_it()
    {
        var checkpoint = new CheckpointDirectory(Path.Combine(_root, "ckpt"));
        Assert.False(checkpoint.Exists);
        Assert.Null(checkpoint.Source);
        checkpoint.Save(dir => { Write(dir, "one"); File.WriteAllText(Path.Combine(dir, "only-in-one.txt"), ""); });
        checkpoint.Save(dir => Write(dir, "two"));
        Assert.Equal(checkpoint.Path, checkpoint.Source);
        Assert.Equal("two", Content(checkpoint));
        Assert.False(File.Exists(Path.Combine(checkpoint.Path, "only-in-one.txt")));
        Assert.Equal(new[] { "ckpt" }, Directory.GetDirectories(_root).Select(Path.GetFileName));
    }

    [Fact]
    public void After_a_kill_between_the_two_moves_the_previous_one_is_read_and_the_next_save_tidies_up()
    {
        var checkpoint = new CheckpointDirectory(Path.Combine(_root, "ckpt"));
        // The old one moved aside, the new one (complete or not) not yet moved in.
        Directory.CreateDirectory(checkpoint.Path + ".previous");
        Write(checkpoint.Path + ".previous", "old");
        Directory.CreateDirectory(checkpoint.Path + ".next");
        Write(checkpoint.Path + ".next", "half written");
        Assert.Equal(checkpoint.Path + ".previous", checkpoint.Source);
        Assert.Equal("old", Content(checkpoint));

        checkpoint.Save(dir => Write(dir, "new"));
        Assert.Equal("new", Content(checkpoint));
        Assert.Equal(new[] { "ckpt" }, Directory.GetDirectories(_root).Select(Path.GetFileName));
    }

    [Fact]
    public void After_a_kill_once_the_new_one_is_in_the_new_one_is_read()
    {
        var checkpoint = new CheckpointDirectory(Path.Combine(_root, "ckpt"));
        checkpoint.Save(dir => Write(dir, "new"));
        Directory.CreateDirectory(checkpoint.Path + ".previous");
        Write(checkpoint.Path + ".previous", "old");
        Assert.Equal("new", Content(checkpoint));
        checkpoint.Save(dir => Write(dir, "newer"));
        Assert.Equal("newer", Content(checkpoint));
        Assert.Equal(new[] { "ckpt" }, Directory.GetDirectories(_root).Select(Path.GetFileName));
    }

    [Fact]
    public void A_half_written_next_is_never_read_and_a_failed_save_keeps_the_last()
    {
        var checkpoint = new CheckpointDirectory(Path.Combine(_root, "ckpt"));
        Directory.CreateDirectory(checkpoint.Path + ".next");
        Assert.False(checkpoint.Exists);

        checkpoint.Save(dir => Write(dir, "good"));
        Assert.Throws<IOException>(() => checkpoint.Save(dir => throw new IOException("disk full")));
        Assert.Equal("good", Content(checkpoint));
    }

    [Fact]
    public void A_trailing_separator_names_the_same_directory_and_delete_removes_everything()
    {
        var checkpoint = new CheckpointDirectory(Path.Combine(_root, "ckpt") + Path.DirectorySeparatorChar);
        Assert.Equal(Path.Combine(_root, "ckpt"), checkpoint.Path);
        checkpoint.Save(dir => Write(dir, "x"));
        Directory.CreateDirectory(checkpoint.Path + ".next");
        checkpoint.Delete();
        Assert.False(checkpoint.Exists);
        Assert.Empty(Directory.GetDirectories(_root));
    }
}
