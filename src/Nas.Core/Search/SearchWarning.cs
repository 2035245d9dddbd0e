namespace Nas.Search;

/// <summary>A setting that works but probably not as the user meant (front ends word <see cref="Path"/> their own way).</summary>
/// <param name="Path">The setting, <c>group.key</c>.</param>
/// <param name="Message">What to know, without the setting's name.</param>
public sealed record SearchWarning(string Path, string Message);
