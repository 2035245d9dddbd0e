namespace Nas.Search;

/// <summary>Hard limits a search's proposals must keep; null fields are not limited.</summary>
/// <param name="MaxParameters">The most parameters a network may have.</param>
/// <param name="MaxMultiplyAdds">The most multiply-adds for one input.</param>
/// <param name="MaxLatencyMilliseconds">The longest predicted inference latency for one input on this machine, in milliseconds.</param>
public sealed record ConstraintLimits(long? MaxParameters, long? MaxMultiplyAdds, double? MaxLatencyMilliseconds = null)
{
    /// <summary>Whether a latency limit is set (the search must then predict each proposal's latency).</summary>
    public bool NeedsLatency => MaxLatencyMilliseconds is not null;

    /// <summary>Which limit a network of this size breaks, in words, or null when it keeps them.</summary>
    /// <param name="parameters">The network's parameters.</param>
    /// <param name="multiplyAdds">Its multiply-adds for one input.</param>
    /// <param name="latencyMilliseconds">Its predicted latency for one input (null: not predicted).</param>
    public string? Violation(long parameters, long multiplyAdds, double? latencyMilliseconds = null) =>
        MaxParameters is { } p && parameters > p ? $"{parameters:N0} parameters, more than {p:N0}"
        : MaxMultiplyAdds is { } m && multiplyAdds > m ? $"{multiplyAdds:N0} multiply-adds, more than {m:N0}"
        : MaxLatencyMilliseconds is { } l && latencyMilliseconds is { } ms && ms > l ? $"{ms:0.###} ms predicted latency, more than {l:0.###} ms"
        : null;
}
