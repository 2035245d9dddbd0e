using System.Globalization;

namespace Nas.Torch.Auto;

/// <summary>
/// How an <c>auto</c> run spends its time budget, made from a measured probe: screening, the successive-halving rungs
/// and the final training. Times are seconds of the budget from its start (earlier runs of a resumed search included).
/// </summary>
/// <param name="BudgetSeconds">The whole budget.</param>
/// <param name="ImagesPerSecond">The probe: the reference network's training speed on this machine.</param>
/// <param name="ScoreSeconds">The probe: seconds to build and screen one candidate.</param>
/// <param name="Screen">Candidates sampled and screened without training.</param>
/// <param name="Rungs">The rungs, lowest fidelity first.</param>
/// <param name="SearchEnd">When the search should be over (budget seconds).</param>
/// <param name="FinalImages">Training images of the final training.</param>
/// <param name="FinalEpochs">The final training's epochs, as planned for a network as fast as the reference (the winner's own speed decides).</param>
/// <param name="Reserve">Seconds kept back for loading the final data, the test and writing the files.</param>
/// <param name="Search">How it searches: <see cref="AutoPlanner.Halving"/>, <see cref="AutoPlanner.Proxy"/>, <see cref="AutoPlanner.Random"/> or <see cref="AutoPlanner.None"/>.</param>
public sealed record AutoPlan(double BudgetSeconds, double ImagesPerSecond, double ScoreSeconds, int Screen, IReadOnlyList<AutoRung> Rungs,
    double SearchEnd, int FinalImages, int FinalEpochs, double Reserve, string Search = AutoPlanner.Halving)
{
    /// <summary>Multiply-adds per image of the probe's network: screening estimates every candidate's speed from it and <see cref="ImagesPerSecond"/>.</summary>
    public long ProbeMultiplyAdds { get; init; }

    /// <summary>
    /// Whether the probe's network trained with oneDNN admitted for it alone (<see cref="Runtime.CpuKernels.AdmitOneDnnFor(TorchSharp.torch.nn.Module{TorchSharp.torch.Tensor, TorchSharp.torch.Tensor}, long[])"/>,
    /// on machines where oneDNN gets some convolutions wrong; those of each network then run on libtorch's own kernels).
    /// </summary>
    public bool OneDnnAdmitted { get; init; }

    /// <summary>Copies of each network that train together, one libtorch thread each (1: one copy on libtorch's threads), as the probe chose or as asked; 0 in a plan from before the probe chose.</summary>
    public int Replicas { get; init; }

    /// <summary>The probe's training speed with each replica count it tried.</summary>
    public IReadOnlyDictionary<int, double>? ReplicaRates { get; init; }

    /// <summary>Whether <see cref="Replicas"/> was asked for (<c>auto.replicas</c>) rather than chosen by the probe.</summary>
    public bool ReplicasAsked { get; init; }

    /// <summary>Whether a search was asked for but the budget is too short for one to pay, so the reference network (or <see cref="FallbackNetwork"/>) trains for all of it.</summary>
    public bool Fallback { get; init; }

    /// <summary>Search proxy: the final epochs the chosen network must still afford (0 in other plans).</summary>
    public int ProxyEpochs { get; init; }

    /// <summary>Why a search asked for fell back to the reference network (null: too short for two rungs).</summary>
    public string? FallbackReason { get; init; }

    /// <summary>The network a fallback trains instead of the reference (the space kind's short-budget network), described; null: the reference.</summary>
    public string? FallbackNetwork { get; init; }

    /// <summary>The plan in one line.</summary>
    public string Summary => $"{Clock(BudgetSeconds)} budget: " + Search switch
    {
        AutoPlanner.None => Fallback
            ? $"{FallbackReason ?? "too short for a search that pays (it needs at least two rungs)"}, so {(FallbackNetwork is null ? "the reference network" : $"the short-budget network {FallbackNetwork}")} trains for all of it, about {FinalEpochs} epochs"
            : $"no search, the reference network about {FinalEpochs} epochs",
        AutoPlanner.Random => $"{Screen} random candidates at one fidelity, the winner about {FinalEpochs} epochs",
        AutoPlanner.Proxy => $"rank {Screen} candidates by a zero-cost proxy, no training; the best-ranked that affords {ProxyEpochs} final epochs trains for the rest (the reference about {FinalEpochs})",
        _ => $"screen {Screen}, train {string.Join("/", Rungs.Select(r => r.Candidates))} candidates at growing fidelity, the winner about {FinalEpochs} epochs",
    };

    /// <summary>The plan's stages, one line each.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            var c = CultureInfo.InvariantCulture;
            var lines = new List<string>
            {
                string.Format(c, "probe: the reference network trains at {0:N0} images/s here{2}{3}; screening takes {1:F2} s per candidate", ImagesPerSecond, ScoreSeconds,
                    Replicas switch { 0 => "", 1 => " as one copy on libtorch's threads", _ => string.Format(c, " as {0} replicas of one thread", Replicas) },
                    OneDnnAdmitted ? " (with oneDNN, admitted for it: convolutions oneDNN gets wrong here run on libtorch's own kernels)" : ""),
            };
            if (!ReplicasAsked && ReplicaRates is { Count: > 1 } rates)
                lines.Add("threads: " + string.Join(", ", rates.Select(r => string.Format(c, "{0} at {1:N0} images/s", Copies(r.Key), r.Value)))
                    + "; the run uses " + Copies(Replicas));
            if (Search is AutoPlanner.Halving or AutoPlanner.Proxy)
                lines.Add(string.Format(c, "screen: {0} sampled architectures, no training, about {1}", Screen, Clock(Screen * ScoreSeconds)));
            if (Search == AutoPlanner.Proxy)
                lines.Add(string.Format(c, "choose: best score first, up to {0} candidates timed; the first that affords {1} final epochs wins, else the reference", AutoPlanner.ProxyTimings, ProxyEpochs));
            for (int r = 0; r < Rungs.Count; r++)
                lines.Add(string.Format(c, "rung {0}: {1} candidates, each trained {2} (the reference's time for {3:N0} images x {4} epoch{5}; faster networks see more)",
                    r + 1, Rungs[r].Candidates, Clock(Rungs[r].Images / ImagesPerSecond), Rungs[r].Subset, Rungs[r].Epochs, Rungs[r].Epochs == 1 ? "" : "s"));
            lines.Add(string.Format(c, "search ends by {0}; final: the winner on all {1:N0} training images, about {2} epochs, until {3}; then the test set, once",
                Clock(SearchEnd), FinalImages, FinalEpochs, Clock(BudgetSeconds - Reserve)));
            return lines;
        }
    }

    private static string Copies(int replicas) => replicas == 1 ? "one copy" : $"{replicas} replicas";

    private static string Clock(double seconds) => TimeSpan.FromSeconds(Math.Max(0, Math.Round(seconds))).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture);
}
