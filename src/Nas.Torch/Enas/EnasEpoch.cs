using Nas.Architectures;

namespace Nas.Torch.Enas;

/// <summary>
/// What one ENAS search epoch did: the shared-weight phase's mean loss and accuracy (over the sampled
/// children's training minibatches), the controller phase's mean reward, its baseline at the end, the mean
/// entropy, and the best child it sampled with that child's reward (one validation minibatch).
/// </summary>
public sealed record EnasEpoch(
    int Epoch,
    int SharedSteps,
    double SharedLoss,
    double SharedAccuracy,
    int ControllerSteps,
    double MeanReward,
    double Baseline,
    double Entropy,
    Architecture BestChild,
    double BestReward,
    double LearningRate,
    double Seconds);
