using System.Text.Json;

namespace Nas.Strategies;

/// <summary>Reading a strategy's saved state: the JSON, its format and its space checked, each failure one line naming the strategy.</summary>
internal static class StrategyState
{
    /// <summary>The state, or <see cref="NasUserException"/> when it is malformed, of another format or of another space.</summary>
    /// <param name="json">The saved text.</param>
    /// <param name="strategy">The strategy's name, for messages.</param>
    /// <param name="options">The state's JSON settings.</param>
    /// <param name="currentFormat">The format this version writes.</param>
    /// <param name="space">The space of the strategy reading it.</param>
    /// <param name="formatOf">The state's format.</param>
    /// <param name="spaceOf">The state's space.</param>
    public static T Read<T>(string json, string strategy, JsonSerializerOptions options, string currentFormat, string space, Func<T, string> formatOf, Func<T, string> spaceOf)
    {
        T state;
        try { state = JsonSerializer.Deserialize<T>(json, options) ?? throw new JsonException("empty state"); }
        catch (JsonException e) { throw new NasUserException($"{strategy} state is malformed: {e.Message}"); }
        if (formatOf(state) != currentFormat) throw new NasUserException($"{strategy} state has format '{formatOf(state)}', expected '{currentFormat}'");
        if (spaceOf(state) != space) throw new NasUserException($"{strategy} state is for the '{spaceOf(state)}' space, not '{space}'");
        return state;
    }
}
