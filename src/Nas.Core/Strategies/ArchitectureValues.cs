using System.Text.Json;
using Nas.Architectures;

namespace Nas.Strategies;

/// <summary>An architecture's values object, as strategies write members of their state for resuming.</summary>
internal static class ArchitectureValues
{
    /// <summary>The <c>values</c> object of the architecture's JSON.</summary>
    public static JsonElement Of(Architecture architecture)
    {
        using var doc = JsonDocument.Parse(architecture.ToJson(indented: false));
        return doc.RootElement.GetProperty("values").Clone();
    }
}
