namespace Nas.Torch.Text;

/// <summary>
/// Tokens and their ids, built from the training split only: ids follow first appearance, so the same
/// text always gives the same vocabulary. Tokens unseen in training map to <see cref="Unknown"/>.
/// </summary>
public sealed class Vocabulary
{
    /// <summary>The token of words unseen in training.</summary>
    public const string Unknown = "<unk>";
    /// <summary>The token appended to every line of a word-level corpus.</summary>
    public const string EndOfSentence = "<eos>";

    private readonly List<string> _tokens = new();
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    /// <summary>Number of tokens.</summary>
    public int Count => _tokens.Count;

    /// <summary>The token of an id.</summary>
    public string this[int id] => _tokens[id];

    /// <summary>Adds a token if new; returns its id.</summary>
    /// <param name="token">The token.</param>
    public int Add(string token)
    {
        if (_ids.TryGetValue(token, out int id)) return id;
        _ids[token] = _tokens.Count;
        _tokens.Add(token);
        return _tokens.Count - 1;
    }

    /// <summary>The id of a token, or -1.</summary>
    /// <param name="token">The token.</param>
    public int IdOf(string token) => _ids.TryGetValue(token, out int id) ? id : -1;

    /// <summary>The ids of tokens, unseen ones mapped to <see cref="Unknown"/> (which must then be present).</summary>
    /// <param name="tokens">The tokens, in order.</param>
    public int[] Encode(IEnumerable<string> tokens)
    {
        int unk = IdOf(Unknown);
        return tokens.Select(t => _ids.TryGetValue(t, out int id) ? id
            : unk >= 0 ? unk : throw new NasUserException($"token '{t}' is not in the vocabulary and there is no {Unknown}")).ToArray();
    }
}
