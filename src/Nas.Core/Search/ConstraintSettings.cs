namespace Nas.Search;

/// <summary>
/// Group <c>constraints</c> of a multi-trial search: hard limits every proposal must keep before it is trained
/// (<see cref="Strategies.ConstrainedStrategy"/>), whatever the strategy.
/// </summary>
public static class ConstraintSettings
{
    /// <summary>The settings.</summary>
    public static SettingGroup Group { get; } = new("constraints", "Constraints", [
        Setting.Integer("max_params", null, "largest network allowed, in parameters (default: no limit); larger proposals are never trained", minimum: 1),
        Setting.Integer("max_madds", null, "most multiply-adds allowed for one input (default: no limit); costlier proposals are never trained", minimum: 1),
    ]);

    /// <summary>The limits given, or null for none.</summary>
    /// <param name="values">The <c>constraints</c> group as read from a request.</param>
    public static (long? MaxParameters, long? MaxMultiplyAdds)? Read(SettingValues values)
    {
        long? p = values.OptionalInteger("max_params"), m = values.OptionalInteger("max_madds");
        return p is null && m is null ? null : (p, m);
    }

    /// <summary>Which limit a network of this size breaks, in words, or null when it keeps them.</summary>
    /// <param name="limits">The limits.</param>
    /// <param name="parameters">The network's parameters.</param>
    /// <param name="multiplyAdds">Its multiply-adds for one input.</param>
    public static string? Violation((long? MaxParameters, long? MaxMultiplyAdds) limits, long parameters, long multiplyAdds) =>
        limits.MaxParameters is { } p && parameters > p ? $"{parameters:N0} parameters, more than {p:N0}"
        : limits.MaxMultiplyAdds is { } m && multiplyAdds > m ? $"{multiplyAdds:N0} multiply-adds, more than {m:N0}"
        : null;
}
