namespace Nas.Torch.Latency;

/// <summary>A network's predicted inference latency for one input.</summary>
/// <param name="Milliseconds">The prediction: the table's sum, calibrated (see LatencyTable.Calibration).</param>
/// <param name="TableSumMilliseconds">The sum of the network's ops' latencies in the table.</param>
/// <param name="Ops">The ops (leaf module calls) one forward pass ran.</param>
/// <param name="NewlyTimed">How many of them the table lacked and timed now.</param>
public sealed record LatencyPrediction(double Milliseconds, double TableSumMilliseconds, int Ops, int NewlyTimed);
