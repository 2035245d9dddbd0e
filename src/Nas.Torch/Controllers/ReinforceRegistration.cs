using Nas.Search;
using Nas.Spaces.Macro;
using Nas.Strategies;

namespace Nas.Torch.Controllers;

/// <summary>
/// The catalog entry of the REINFORCE controller (<c>reinforce</c>): its settings, group <c>controller</c>, with ENAS's
/// defaults, and how they build a <see cref="ReinforceStrategy"/> (with a depth schedule) or <see cref="ReinforceReplicas"/>.
/// </summary>
public static class ReinforceRegistration
{
    /// <summary>The strategy's settings.</summary>
    public static IReadOnlyList<Setting> Settings { get; } =
    [
        Setting.Real("learning_rate", 2e-3, "Adam learning rate of the controller (measured best at 100 to 300 trials; ENAS used 3.5e-4 and NAS-RL 6e-4 for 10,000+ samples)", positive: true),
        Setting.Integer("hidden", 100, "LSTM size of the controller", minimum: 1),
        Setting.Integer("batch", 1, "m: results per controller update", minimum: 1),
        Setting.Integer("replicas", 1, "K controller replicas sharing one set of parameters, each with its own batch (NAS-RL's parameter server)", minimum: 1, advanced: true),
        Setting.Text("depth_schedule", null, "macro space: START:STEP:EVERY, start with START layers and add STEP every EVERY samples (NAS-RL: 6:2:1600)", advanced: true),
        Setting.Real("baseline_decay", 0.95, "decay of the moving-average reward baseline", minimum: 0, maximum: 1, belowMaximum: true, advanced: true),
        Setting.Real("entropy_weight", 1e-2, "weight of the entropy bonus (ENAS: 1e-4)", minimum: 0, advanced: true),
        Setting.Text("reward", "val", "val (validation accuracy) or max-cubed (NAS-RL: best validation accuracy of the last 5 epochs, cubed)", ["val", "max-cubed"], advanced: true),
        Setting.Real("tanh_constant", null, "c in c*tanh(logits) (default: none)", positive: true, advanced: true),
        Setting.Real("temperature", null, "logits divided by this before the tanh (default: none)", positive: true, advanced: true),
        Setting.Real("skip_weight", 0.0, "weight of the KL penalty towards the skip target on skip connections", minimum: 0, advanced: true),
        Setting.Real("skip_target", 0.4, "target density of skip connections", minimum: 0, maximum: 1, belowMaximum: true, advanced: true),
    ];

    /// <summary>The entry.</summary>
    public static StrategyRegistration Registration { get; } = new("reinforce", "the NAS-RL controller: an LSTM policy trained by REINFORCE on the children's accuracies",
        Settings, Create) { GroupName = "controller" };

    /// <summary>REINFORCE's options from group <c>controller</c>.</summary>
    /// <param name="s">The <c>controller</c> group as read from a request.</param>
    public static ReinforceOptions Options(SettingValues s)
    {
        if (s.OptionalReal("skip_target") is 0) throw new SettingException(s.PathOf("skip_target"), "must be more than 0, got 0");
        var controller = new ControllerOptions(HiddenSize: s.Integer("hidden"), Temperature: s.OptionalReal("temperature"),
            TanhConstant: s.OptionalReal("tanh_constant"), SkipTarget: s.Real("skip_target"), SkipWeight: s.Real("skip_weight"));
        return new ReinforceOptions(controller, s.Real("learning_rate"), s.Real("baseline_decay"), s.Real("entropy_weight"), BatchSize: s.Integer("batch"),
            Reward: s.Text("reward") == "max-cubed" ? ControllerReward.MaxRecentAccuracyCubed : ControllerReward.ValidationAccuracy).Validated();
    }

    private static IStrategy Create(StrategyContext c)
    {
        var s = c.Settings;
        var options = Options(s);
        int replicas = s.Integer("replicas");
        var schedule = s.OptionalText("depth_schedule") is { } text ? DepthSchedule.Parse(text, s.PathOf("depth_schedule")) : null;
        if (replicas > 1)
        {
            if (schedule is not null) throw new SettingException(s.PathOf("depth_schedule"), "works with one controller (replicas 1)");
            return new ReinforceReplicas(c.Space, c.Seed, options, replicas);
        }
        if (schedule is null) return new ReinforceStrategy(c.Space, c.Seed, options);
        if (c.Space.Name != MacroSpace.Name) throw new SettingException(s.PathOf("depth_schedule"), $"works on the macro space, not {c.Space.Name}");
        var full = MacroSpaceOptions.FromJson(c.Space.Settings);
        if (schedule.Start > full.Layers) throw new SettingException(s.PathOf("depth_schedule"), $"starts at {schedule.Start} layers, more than the space's {full.Layers}");
        return new ReinforceStrategy(c.Space, c.Seed, options) { Depth = schedule, SpaceAtDepth = d => MacroSpace.AtDepth(full, d) };
    }
}
