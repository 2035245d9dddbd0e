namespace Nas.Spaces.Recurrent;

/// <summary>One node of a DAG cell: the activation it applies and the earlier node it reads (0 is the cell's input node).</summary>
/// <param name="Activation">tanh, relu, sigmoid or identity (<see cref="RecurrentOps"/>).</param>
/// <param name="Input">The earlier node it reads, from 0 (the input node).</param>
public sealed record RecurrentStep(string Activation, int Input);
