namespace Nas.Tests;

/// <summary>
/// Tests that need the process and the machine to themselves, run after the parallel ones: a plan that follows measured
/// speeds (other tests beside it change what it tests), or a switch of the process's kernels (a test training beside
/// it would train on them).
/// </summary>
[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone;
