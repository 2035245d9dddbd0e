namespace Nas.Spaces.Recurrent;

/// <summary>One node of a DAG cell: the activation it applies and the earlier node it reads (0 is the cell's input node).</summary>
public sealed record RecurrentStep(string Activation, int Input);
