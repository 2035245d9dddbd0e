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
        Setting.Integer("max_madds", null, "most multiply-adds allowed for one input (default: no limit); costlier proposals are never trained", minimum: 1, advanced: true),
        Setting.Real("max_latency", null, "longest inference latency allowed for one input on this machine, in milliseconds, predicted from a per-op latency table (default: no limit)", positive: true),
    ]);

    /// <summary>The limits given, or null for none.</summary>
    /// <param name="values">The <c>constraints</c> group as read from a request.</param>
    public static ConstraintLimits? Read(SettingValues values)
    {
        long? p = values.OptionalInteger("max_params"), m = values.OptionalInteger("max_madds");
        double? l = values.OptionalReal("max_latency");
        return p is null && m is null && l is null ? null : new ConstraintLimits(p, m, l);
    }
}
