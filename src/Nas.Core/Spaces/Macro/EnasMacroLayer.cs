namespace Nas.Spaces.Macro;

/// <summary>One layer of an <c>enas-macro</c> architecture.</summary>
/// <param name="Index">1-based layer number.</param>
/// <param name="Op">The op applied to the previous layer's output (a name of <see cref="EnasMacroOps"/>).</param>
/// <param name="Skips">Earlier layers (1-based, ascending) whose outputs are added to the op's output.</param>
public sealed record EnasMacroLayer(int Index, string Op, IReadOnlyList<int> Skips);
