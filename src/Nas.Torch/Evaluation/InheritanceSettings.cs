using Nas.Search;

namespace Nas.Torch.Evaluation;

/// <summary>
/// Group <c>inherit</c> of a multi-trial search over an image space: parameter reuse across trials
/// (<see cref="WeightInheritance"/>): each child starts from the trained weights of the nearest earlier trial and
/// trains for fewer epochs. Off by default.
/// </summary>
public static class InheritanceSettings
{
    /// <summary>The settings.</summary>
    public static SettingGroup Group { get; } = new("inherit", "Parameter reuse", [
        Setting.Boolean("weights", false, "start each child from the trained weights of the nearest earlier trial (weight inheritance), where one is near enough"),
        Setting.Integer("epochs", null, "epochs for a child that inherits weights (default: half the children's epochs, at least 1)", minimum: 1, advanced: true),
        Setting.Integer("distance", 2, "most decisions a child may differ in from the trial it inherits from", minimum: 0, advanced: true),
    ]);

    /// <summary>The inheritance the settings ask for and the epochs of a child that inherits, or null when off.</summary>
    /// <param name="values">The <c>inherit</c> group as read from a request.</param>
    /// <param name="epochs">The children's epochs from scratch.</param>
    public static (WeightInheritance Inheritance, int Epochs)? Read(SettingValues values, int epochs)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!values.Boolean("weights"))
        {
            if (values.Given("epochs")) throw new SettingException(values.PathOf("epochs"), "applies only when weights are inherited");
            return null;
        }
        return (new WeightInheritance(values.Integer("distance")), values.OptionalInteger("epochs") ?? Math.Max(1, (epochs + 1) / 2));
    }
}
