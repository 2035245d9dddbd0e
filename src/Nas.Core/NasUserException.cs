namespace Nas;

/// <summary>
/// An error caused by the user's input (a file, an option, an architecture), not by a bug.
/// The CLI prints its message on one line, without a stack trace, and exits non-zero.
/// </summary>
public class NasUserException : Exception
{
    public NasUserException(string message) : base(message) { }
    public NasUserException(string message, Exception inner) : base(message, inner) { }
}
