namespace Nas.Search;

/// <summary>The kind of value a <see cref="Setting"/> holds.</summary>
public enum SettingKind
{
    /// <summary>A whole number.</summary>
    Integer,

    /// <summary>A finite real number.</summary>
    Real,

    /// <summary>True or false.</summary>
    Boolean,

    /// <summary>A word, often one of a list of choices.</summary>
    Text,

    /// <summary>A positive length of time, written like <c>90s</c>, <c>30m</c> or <c>1h30m</c>.</summary>
    Duration,

    /// <summary>A list of whole numbers, written like <c>1,3</c>.</summary>
    Integers,
}
