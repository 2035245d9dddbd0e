using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nas.Torch.Controllers;

/// <summary>
/// The JSON form of a <see cref="ReinforceStrategy"/> for resuming: counters, baseline, random state, the
/// proposals still out and the results not yet learned from (as architecture values), the update history,
/// and the controller weights and Adam state (TorchSharp's binary formats, base64).
/// </summary>
internal sealed record ReinforceState(
    string Format,
    string Space,
    JsonElement Options,
    string Random,
    long NextId,
    double? Baseline,
    ReinforceState.Sampled[] Pending,
    ReinforceState.Result[] Waiting,
    ControllerStep[] Steps,
    string Weights,
    string Optimizer)
{
    public const string CurrentFormat = "nas-strategy/reinforce/1";

    internal sealed record Sampled(long Id, JsonElement Values);

    internal sealed record Result(long Id, double Reward, JsonElement Values);

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };
}
