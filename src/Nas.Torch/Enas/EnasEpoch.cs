using Nas.Architectures;

namespace Nas.Torch.Enas;

/// <summary>
/// What one ENAS search epoch did: the shared-weight phase's mean loss and accuracy (over the sampled
/// children's training minibatches), the controller phase's mean reward, its baseline at the end, the mean
/// entropy, and the best child it sampled with that child's reward (one validation minibatch).
/// </summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="SharedSteps">Shared-weight minibatches trained.</param>
/// <param name="SharedLoss">Their mean loss.</param>
/// <param name="SharedAccuracy">Their mean training accuracy, in [0, 1].</param>
/// <param name="ControllerSteps">Controller updates made.</param>
/// <param name="MeanReward">Their mean reward.</param>
/// <param name="Baseline">The baseline at the end of the epoch.</param>
/// <param name="Entropy">The mean entropy of the sampled children, nats.</param>
/// <param name="BestChild">The child of highest reward sampled in the controller phase.</param>
/// <param name="BestReward">Its reward.</param>
/// <param name="LearningRate">The shared weights' learning rate of the epoch.</param>
/// <param name="Seconds">Wall time of the epoch.</param>
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
