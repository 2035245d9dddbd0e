using System.Text.Json;
using System.Text.Json.Nodes;
using Nas.Architectures;
using Nas.Spaces;
using Nas.Store;

namespace Nas.Torch.Auto;

/// <summary>
/// What an <c>auto</c> run has done, kept in the experiment's search log so that a killed run resumes where it was:
/// the plan, the screened candidates, each rung's members and trials, the final training's epochs, the end. Every step
/// records the budget seconds spent when it was written.
/// </summary>
public sealed class AutoLog
{
    private const string PlanKind = "auto-plan", ScreenKind = "auto-screen", MembersKind = "auto-members", TrialKind = "auto-trial",
        FinalKind = "auto-final", FinalEpochKind = "auto-final-epoch", DoneKind = "auto-done", SpeedKind = "auto-speed";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly IExperimentStore _store;
    private readonly Dictionary<int, int[]> _members = [];
    private readonly List<AutoTrial> _trials = [];
    private readonly Dictionary<int, double> _speeds = [];

    private AutoLog(IExperimentStore store) => _store = store;

    /// <summary>The plan, once made.</summary>
    public AutoPlan? Plan { get; private set; }

    /// <summary>The screened candidates, best first, once screened.</summary>
    public IReadOnlyList<AutoCandidate>? Candidates { get; private set; }

    /// <summary>Every candidate trained so far, in order.</summary>
    public IReadOnlyList<AutoTrial> Trials => _trials;

    /// <summary>The final training's candidate, epochs and training images (null: all), once decided.</summary>
    public (int Candidate, int Epochs, int? Images)? Final { get; private set; }

    /// <summary>The final training's epochs in all as last re-planned (after its latest epoch), or null before its first epoch ends.</summary>
    public double? FinalPlanned { get; private set; }

    /// <summary>The final result (test figures), once the run is over.</summary>
    public JsonObject? Done { get; private set; }

    /// <summary>Budget seconds spent by the steps recorded so far.</summary>
    public double Elapsed { get; private set; }

    /// <summary>
    /// Training speeds measured before the rungs (images per second of a short timing; see <see cref="AddSpeed"/>), by
    /// candidate index; <see cref="ProbeSpeed"/> is the probe's network timed the same way.
    /// </summary>
    public IReadOnlyDictionary<int, double> Speeds => _speeds;

    /// <summary>The key of <see cref="Speeds"/> that holds the probe's network.</summary>
    public const int ProbeSpeed = -1;

    /// <summary>The members of a rung, once chosen.</summary>
    /// <param name="rung">The rung, from 0.</param>
    public int[]? Members(int rung) => _members.GetValueOrDefault(rung);

    /// <summary>Reads the log of the store's experiment (empty for a new one).</summary>
    /// <param name="store">The experiment's store.</param>
    /// <param name="spaces">Where the candidates' spaces are found.</param>
    public static AutoLog Read(IExperimentStore store, SpaceCatalog spaces)
    {
        var log = new AutoLog(store);
        foreach (var step in store.Steps().Where(s => s.Kind.StartsWith("auto-", StringComparison.Ordinal)))
        {
            var node = JsonNode.Parse(step.Json)!.AsObject();
            log.Elapsed = Math.Max(log.Elapsed, node["elapsed"]?.GetValue<double>() ?? 0);
            switch (step.Kind)
            {
                case PlanKind: log.Plan = node["plan"].Deserialize<AutoPlan>(Json); break;
                case ScreenKind:
                    log.Candidates = node["candidates"]!.AsArray().Select(c => new AutoCandidate(c!["index"]!.GetValue<int>(),
                        Architecture.FromJson(c["architecture"]!.GetValue<string>(), spaces), c["parameters"]!.GetValue<long>(),
                        c["multiply_adds"]!.GetValue<long>(), c["score"]!.GetValue<double>(), c["images_per_second"]!.GetValue<double>())).ToArray();
                    break;
                case MembersKind: log._members[(int)step.Step] = node["members"].Deserialize<int[]>()!; break;
                case TrialKind: log._trials.Add(node["trial"].Deserialize<AutoTrial>(Json)!); break;
                case FinalKind: log.Final = (node["candidate"]!.GetValue<int>(), node["epochs"]!.GetValue<int>(), node["images"]?.GetValue<int>()); break;
                case FinalEpochKind: log.FinalPlanned = node["planned_epochs"]?.GetValue<double>() ?? log.FinalPlanned; break;
                case DoneKind: log.Done = node; break;
                case SpeedKind: log._speeds[node["candidate"]!.GetValue<int>()] = node["images_per_second"]!.GetValue<double>(); break;
            }
        }
        return log;
    }

    private void Add(string kind, long step, JsonObject node, double elapsed)
    {
        node["elapsed"] = elapsed;
        Elapsed = Math.Max(Elapsed, elapsed);
        _store.AddStep(kind, step, node.ToJsonString());
    }

    /// <summary>Records the plan.</summary>
    public void AddPlan(AutoPlan plan, double elapsed)
    {
        Add(PlanKind, 0, new JsonObject { ["plan"] = JsonSerializer.SerializeToNode(plan, Json) }, elapsed);
        Plan = plan;
    }

    /// <summary>Records the screened candidates, best first.</summary>
    public void AddCandidates(IReadOnlyList<AutoCandidate> candidates, double elapsed)
    {
        Add(ScreenKind, 0, new JsonObject
        {
            ["candidates"] = new JsonArray(candidates.Select(c => (JsonNode)new JsonObject
            {
                ["index"] = c.Index, ["architecture"] = c.Architecture.ToJson(indented: false), ["parameters"] = c.Parameters,
                ["multiply_adds"] = c.MultiplyAdds, ["score"] = c.Score, ["images_per_second"] = c.ImagesPerSecond,
            }).ToArray()),
        }, elapsed);
        Candidates = candidates;
    }

    /// <summary>Records the members chosen for a rung.</summary>
    public void AddMembers(int rung, int[] members, double elapsed)
    {
        Add(MembersKind, rung, new JsonObject { ["members"] = JsonSerializer.SerializeToNode(members) }, elapsed);
        _members[rung] = members;
    }

    /// <summary>Records a candidate's measured speed (<see cref="ProbeSpeed"/>: the probe's network).</summary>
    public void AddSpeed(int candidate, double imagesPerSecond, double elapsed)
    {
        Add(SpeedKind, candidate, new JsonObject { ["candidate"] = candidate, ["images_per_second"] = imagesPerSecond }, elapsed);
        _speeds[candidate] = imagesPerSecond;
    }

    /// <summary>Records a trained candidate.</summary>
    public void AddTrial(AutoTrial trial, double elapsed)
    {
        Add(TrialKind, _trials.Count + 1, new JsonObject { ["trial"] = JsonSerializer.SerializeToNode(trial, Json) }, elapsed);
        _trials.Add(trial);
    }

    /// <summary>Records the final training's candidate, epochs and training images (null: all), before it starts.</summary>
    public void AddFinal(int candidate, int epochs, int? images, double elapsed)
    {
        Add(FinalKind, 0, new JsonObject { ["candidate"] = candidate, ["epochs"] = epochs, ["images"] = images }, elapsed);
        Final = (candidate, epochs, images);
    }

    /// <summary>Records a finished epoch of the final training and the epochs it has in all after it (a fraction: the last is a part of one).</summary>
    public void AddFinalEpoch(int epoch, double trainLoss, double trainAccuracy, double seconds, double planned, double elapsed)
    {
        Add(FinalEpochKind, epoch, new JsonObject
        {
            ["train_loss"] = trainLoss, ["train_accuracy"] = trainAccuracy, ["seconds"] = seconds, ["planned_epochs"] = planned,
        }, elapsed);
        FinalPlanned = planned;
    }

    /// <summary>Records the end: the test figures.</summary>
    public void AddDone(JsonObject figures, double elapsed)
    {
        Add(DoneKind, 0, figures, elapsed);
        Done = figures;
    }
}
