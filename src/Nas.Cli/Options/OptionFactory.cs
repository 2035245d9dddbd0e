using System.CommandLine;
using System.CommandLine.Parsing;

namespace Nas.Cli.Options;

/// <summary>Small helpers so every option states its description and default the same way.</summary>
internal static class OptionFactory
{
    public static Option<T> Create<T>(string name, string description, T defaultValue, params string[] aliases)
    {
        var option = new Option<T>(name, aliases) { Description = description, DefaultValueFactory = _ => defaultValue };
        return option;
    }

    public static Option<T?> Optional<T>(string name, string description, params string[] aliases) where T : struct =>
        new(name, aliases) { Description = description };

    public static Option<string?> OptionalText(string name, string description, params string[] aliases) =>
        new(name, aliases) { Description = description };

    /// <summary>Adds a validator that rejects values below a minimum, naming the option.</summary>
    public static Option<int> AtLeast(this Option<int> option, int minimum)
    {
        option.Validators.Add(r =>
        {
            if (!TryValue(r, out int v)) return;
            if (v < minimum) r.AddError($"{option.Name} must be at least {minimum}, got {v}");
        });
        return option;
    }

    public static Option<int?> AtLeast(this Option<int?> option, int minimum)
    {
        option.Validators.Add(r =>
        {
            if (!TryValue(r, out int? v)) return;
            if (v is { } x && x < minimum) r.AddError($"{option.Name} must be at least {minimum}, got {x}");
        });
        return option;
    }

    public static Option<double> Positive(this Option<double> option)
    {
        option.Validators.Add(r =>
        {
            if (!TryValue(r, out double v)) return;
            if (!(v > 0)) r.AddError($"{option.Name} must be positive, got {v}");
        });
        return option;
    }

    public static Option<double?> Positive(this Option<double?> option)
    {
        option.Validators.Add(r =>
        {
            if (TryValue(r, out double? value) && value is { } v && !(v > 0)) r.AddError($"{option.Name} must be positive, got {v}");
        });
        return option;
    }

    public static Option<double?> NonNegative(this Option<double?> option)
    {
        option.Validators.Add(r =>
        {
            if (TryValue(r, out double? value) && value is { } v && !(v >= 0)) r.AddError($"{option.Name} must not be negative, got {v}");
        });
        return option;
    }

    public static Option<double> NonNegative(this Option<double> option)
    {
        option.Validators.Add(r =>
        {
            if (!TryValue(r, out double v)) return;
            if (!(v >= 0)) r.AddError($"{option.Name} must not be negative, got {v}");
        });
        return option;
    }

    // A value that did not parse is reported by the parser, in one line naming the option; reading it here would throw.
    private static bool TryValue<T>(System.CommandLine.Parsing.OptionResult r, out T value)
    {
        try
        {
            value = r.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default!;
            return false;
        }
    }
}
