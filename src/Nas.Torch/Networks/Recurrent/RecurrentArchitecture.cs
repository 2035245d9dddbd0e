using Nas.Architectures;
using Nas.Search;
using Nas.Spaces.Recurrent;

namespace Nas.Torch.Networks.Recurrent;

/// <summary>A recurrent cell as people name one: a published cell (DARTS_V1, DARTS_V2, ENAS), an rnn-dag or rnn-tree architecture file, or <c>lstm</c>.</summary>
public static class RecurrentArchitecture
{
    /// <summary>The architecture named, or null for <c>lstm</c> (TorchSharp's LSTM); <see cref="SettingException"/> on <c>architecture</c> otherwise.</summary>
    public static Architecture? Load(string text)
    {
        if (text.Equals(RecurrentNetworks.Lstm, StringComparison.OrdinalIgnoreCase)) return null;
        if (!File.Exists(text) && PublishedRecurrentGenotypes.Find(text) is { } genotype) return RnnDagSpace.FromGenotype(genotype);
        if (!File.Exists(text))
            throw new SettingException("architecture", $"names no file '{text}' and no published recurrent cell of that name (known: {string.Join(", ", PublishedRecurrentGenotypes.All.Keys)}, {RecurrentNetworks.Lstm})");
        var architecture = ArchitectureSource.Load(text);
        if (!RecurrentNetworks.IsRecurrentSpace(architecture.Space.Name))
            throw new SettingException("architecture", $"'{text}': an architecture of the {architecture.Space.Name} space cannot model text (recurrent spaces: {RnnDagSpace.Name}, {RnnTreeSpace.Name})");
        return architecture;
    }
}
