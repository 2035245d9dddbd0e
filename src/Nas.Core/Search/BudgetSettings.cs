using Nas.Execution;

namespace Nas.Search;

/// <summary>Group <c>budget</c> of a multi-trial search: how many trials, and/or how long.</summary>
public static class BudgetSettings
{
    /// <summary>Trials when neither a number of trials nor a time is given.</summary>
    public const int DefaultTrials = 20;

    /// <summary>The settings.</summary>
    public static SettingGroup Group { get; } = new("budget", "Budget", [
        Setting.Integer("trials", null, $"number of trials (default {DefaultTrials} when no time is given)", minimum: 1),
        Setting.Duration("time", null, "wall time, e.g. 90s, 30m, 1h30m: no trial starts after it"),
    ]);

    /// <summary>The budget in effect; the group's values are completed with the default number of trials.</summary>
    /// <param name="values">The <c>budget</c> group as read from a request.</param>
    public static Budget Read(SettingValues values)
    {
        var time = values.OptionalDuration("time");
        int? trials = values.OptionalInteger("trials") ?? (time is null ? DefaultTrials : null);
        if (trials is { } t) values.Values["trials"] = t;
        return new Budget(trials, time);
    }
}
