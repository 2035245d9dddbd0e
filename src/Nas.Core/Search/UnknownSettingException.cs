namespace Nas.Search;

/// <summary>A setting was given that the group, or the method on this space, does not have.</summary>
public sealed class UnknownSettingException : SettingException
{
    /// <param name="path">The setting given, <c>group.key</c>.</param>
    /// <param name="problem">Why it does not apply.</param>
    public UnknownSettingException(string path, string problem) : base(path, problem) { }
}
