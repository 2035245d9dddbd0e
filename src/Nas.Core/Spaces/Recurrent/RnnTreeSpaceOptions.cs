using System.Text.Json;

namespace Nas.Spaces.Recurrent;

/// <summary>Settings of the <c>rnn-tree</c> space.</summary>
/// <param name="Leaves">Leaves of the binary tree, a power of two (8 as in the NAS-RL paper).</param>
public sealed record RnnTreeSpaceOptions(int Leaves = 8)
{
    /// <summary>Checks the settings; throws <see cref="NasUserException"/> unless the leaves are a power of two in 2..64.</summary>
    public RnnTreeSpaceOptions Validated()
    {
        if (Leaves < 2 || Leaves > 64 || (Leaves & (Leaves - 1)) != 0)
            throw new Search.SettingException("space.leaves", $"must be a power of two in [2, 64], got {Leaves}");
        return this;
    }

    /// <summary>The settings as recorded in architecture files: <c>leaves</c>.</summary>
    public JsonElement ToJson() => JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["leaves"] = Leaves });

    /// <summary>Reads settings (a missing one takes the default) and checks them; throws <see cref="NasUserException"/> when malformed or invalid.</summary>
    /// <param name="settings">The space's settings: <c>leaves</c>.</param>
    public static RnnTreeSpaceOptions FromJson(JsonElement settings)
    {
        try
        {
            return new RnnTreeSpaceOptions(settings.TryGetProperty("leaves", out var l) ? l.GetInt32() : 8).Validated();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
        {
            throw new NasUserException($"rnn-tree space settings are malformed: {e.Message}");
        }
    }
}
