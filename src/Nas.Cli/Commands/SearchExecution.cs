namespace Nas.Cli.Commands;

/// <summary>How this process runs a search: workers and threads as given (null: not given).</summary>
internal sealed record SearchExecution(int? Workers, int? Threads, string? TensorBoard = null);
