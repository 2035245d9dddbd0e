namespace Nas.Reporting;

/// <summary>One box of a <see cref="NetworkDiagram"/>: a layer or step of a network, in the order data flows.</summary>
/// <param name="Label">What the box does (<c>conv 3x3/64 s2</c>).</param>
/// <param name="Kind">How it is drawn.</param>
/// <param name="Inputs">Earlier boxes (0-based) it reads; the box just before it is drawn as a straight arrow, others as arcs.</param>
public sealed record NetworkNode(string Label, NetworkNodeKind Kind, IReadOnlyList<int> Inputs);
