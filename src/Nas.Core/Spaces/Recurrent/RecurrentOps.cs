namespace Nas.Spaces.Recurrent;

/// <summary>The names used by the recurrent spaces: activations and the two ways of combining inputs.</summary>
public static class RecurrentOps
{
    /// <summary>Hyperbolic tangent.</summary>
    public const string Tanh = "tanh";
    /// <summary>Rectified linear unit.</summary>
    public const string Relu = "relu";
    /// <summary>Logistic sigmoid.</summary>
    public const string Sigmoid = "sigmoid";
    /// <summary>No activation.</summary>
    public const string Identity = "identity";

    /// <summary>Elementwise sum of two inputs.</summary>
    public const string Add = "add";

    /// <summary>Elementwise product of two inputs.</summary>
    public const string Mul = "mul";

    /// <summary>The activations every recurrent space offers, in option order.</summary>
    public static IReadOnlyList<string> Activations { get; } = new[] { Tanh, Relu, Sigmoid, Identity };

    /// <summary>The combinations of the tree cell, in option order.</summary>
    public static IReadOnlyList<string> Combinations { get; } = new[] { Add, Mul };

    /// <summary>Whether <paramref name="name"/> is one of <see cref="Activations"/> (case-sensitive).</summary>
    /// <param name="name">A name.</param>
    public static bool IsActivation(string name) => Activations.Contains(name);
}
