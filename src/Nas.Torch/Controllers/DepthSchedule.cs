using System.Globalization;

namespace Nas.Torch.Controllers;

/// <summary>
/// NAS-RL's growing depth: the controller samples networks of <see cref="Start"/> layers and adds
/// <see cref="Step"/> layers every <see cref="Every"/> samples, up to the space's depth (the paper: 6 layers,
/// then 2 more every 1,600 samples). Fixed by the sample number, so a resumed search keeps the same depths.
/// </summary>
/// <param name="Start">The first depth, in layers.</param>
/// <param name="Step">Layers added each time.</param>
/// <param name="Every">Samples between additions.</param>
public sealed record DepthSchedule(int Start, int Step, int Every)
{
    /// <summary>The depth of sample <paramref name="sample"/> (0-based), at most <paramref name="max"/>.</summary>
    /// <param name="sample">The sample's number, from 0.</param>
    /// <param name="max">The full space's depth.</param>
    public int At(long sample, int max) => (int)Math.Min(max, Start + (long)Step * (sample / Every));

    /// <summary>Parses <c>START:STEP:EVERY</c>; <paramref name="path"/> names the setting in errors.</summary>
    /// <param name="text"><c>START:STEP:EVERY</c>, three whole numbers.</param>
    /// <param name="path">The setting's path for a <see cref="Nas.Search.SettingException"/>.</param>
    public static DepthSchedule Parse(string text, string path = "depth_schedule")
    {
        var parts = text.Split(':');
        if (parts.Length != 3 || !parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            throw new Nas.Search.SettingException(path, $"must be START:STEP:EVERY, e.g. 3:1:20 (3 layers, one more every 20 samples), got '{text}'");
        var n = parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        if (n[0] < 1 || n[1] < 0 || n[2] < 1)
            throw new Nas.Search.SettingException(path, $"needs START and EVERY of at least 1 and STEP of at least 0, got '{text}'");
        return new DepthSchedule(n[0], n[1], n[2]);
    }
}
