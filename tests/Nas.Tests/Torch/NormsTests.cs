using Nas.Torch.Ops;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Tests.Torch;

public class NormsTests
{
    [Fact]
    public void Batch_norm_has_no_batch_counter_and_still_tracks_running_statistics()
    {
        using var scope = NewDisposeScope();
        using var bn = Norms.BatchNorm2d(3);
        Assert.Null(bn.num_batches_tracked);
        Assert.DoesNotContain(bn.state_dict().Keys, k => k.Contains("num_batches_tracked"));
        bn.train();
        bn.call(ones(4, 3, 2, 2).mul(5));
        Assert.Equal(0.5, bn.running_mean!.mean().item<float>(), 5); // 0.9 * 0 + 0.1 * 5
        bn.eval();
        Assert.True(bn.call(ones(1, 3, 2, 2)).isfinite().all().item<bool>());
    }
}
