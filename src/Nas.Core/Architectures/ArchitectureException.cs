namespace Nas.Architectures;

/// <summary>An architecture that does not fit its space; <see cref="Decision"/> names the decision at fault.</summary>
public sealed class ArchitectureException : NasUserException
{
    /// <param name="decision">The decision whose value does not fit.</param>
    /// <param name="message">What is wrong, one line.</param>
    public ArchitectureException(string decision, string message) : base(message) => Decision = decision;

    /// <summary>The decision at fault.</summary>
    public string Decision { get; }
}
