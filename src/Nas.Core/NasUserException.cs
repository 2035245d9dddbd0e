namespace Nas;

/// <summary>
/// An error caused by the user's input (a file, an option, an architecture), not by a bug.
/// The CLI prints its message on one line, without a stack trace, and exits non-zero.
/// </summary>
public class NasUserException : Exception
{
    /// <param name="message">What is wrong, one line naming the input at fault.</param>
    public NasUserException(string message) : base(message) { }
    /// <param name="message">What is wrong, one line naming the input at fault.</param>
    /// <param name="inner">The error that revealed it (a parser's, an I/O error).</param>
    public NasUserException(string message, Exception inner) : base(message, inner) { }
}
