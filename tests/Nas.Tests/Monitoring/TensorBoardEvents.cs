namespace Nas.Tests.Monitoring;

/// <summary>Reads back the scalars of TensorBoard event files (TFRecord frames of <c>Tensorboard.Event</c> protobufs).</summary>
internal static class TensorBoardEvents
{
    public static List<(string Tag, float Value, long Step)> Scalars(string directory)
    {
        var scalars = new List<(string, float, long)>();
        foreach (var file in Directory.EnumerateFiles(directory, "events.out.tfevents.*", SearchOption.AllDirectories).Order())
        {
            var bytes = File.ReadAllBytes(file);
            for (int at = 0; at < bytes.Length;)
            {
                // A frame: 8-byte length, 4-byte CRC of the length, the data, 4-byte CRC of the data.
                long length = BitConverter.ToInt64(bytes, at);
                var data = bytes.AsSpan(at + 12, (int)length).ToArray();
                at += 12 + (int)length + 4;
                var e = Tensorboard.Event.Parser.ParseFrom(data);
                if (e.Summary is null) continue;
                foreach (var v in e.Summary.Value) scalars.Add((v.Tag, v.SimpleValue, e.Step));
            }
        }
        return scalars;
    }
}
