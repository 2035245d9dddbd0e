using Nas.Spaces.Cells;
using Nas.Strategies;
using Nas.Torch.Latency;
using Nas.Torch.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Tests.Torch;

public class LatencyTableTests
{
    private static readonly InputShape Rgb16 = new(3, 16, 16, 10);

    private static nn.Module<Tensor, Tensor> Conv(long input, long output, long stride = 1) =>
        nn.Conv2d(input, output, 3, stride: stride, padding: 1);

    [Fact]
    public void Ops_in_the_table_are_not_timed_again_and_a_longer_network_sums_to_more()
    {
        using var scope = NewDisposeScope();
        var table = new LatencyTable(repeats: 3, calibrationNetworks: 0);
        var conv = Conv(3, 8);
        using var shallow = nn.Sequential(conv, nn.ReLU());
        var a = table.Predict(shallow, Rgb16);
        Assert.Equal((2, 2), (a.Ops, a.NewlyTimed));
        Assert.True(a.TableSumMilliseconds > 0);
        Assert.Equal(a.TableSumMilliseconds, a.Milliseconds); // no calibration: the sum itself

        // The same first two ops, then a stride-2 convolution and a ReLU on its smaller output: two new entries.
        using var deeper = nn.Sequential(Conv(3, 8), nn.ReLU(), Conv(8, 8, stride: 2), nn.ReLU());
        var b = table.Predict(deeper, Rgb16);
        Assert.Equal((4, 2), (b.Ops, b.NewlyTimed));
        Assert.Equal(4, table.Count);
        Assert.True(b.TableSumMilliseconds > a.TableSumMilliseconds);

        var again = table.Predict(shallow, Rgb16);
        Assert.Equal(0, again.NewlyTimed);
        Assert.Equal(a.TableSumMilliseconds, again.TableSumMilliseconds);
    }

    [Fact]
    public void Calibration_fits_a_line_from_the_sums_to_whole_network_timings_then_stops_timing_networks()
    {
        using var scope = NewDisposeScope();
        var table = new LatencyTable(repeats: 3, calibrationNetworks: 2);
        using var small = nn.Sequential(Conv(3, 8), nn.ReLU());
        using var large = nn.Sequential(Conv(3, 32), nn.ReLU(), Conv(32, 32), nn.ReLU(), Conv(32, 32), nn.ReLU());
        var first = table.Predict(small, Rgb16);
        var (slope, intercept) = table.Calibration;
        Assert.Equal(0, intercept); // one network: a ratio
        Assert.True(slope > 0);
        Assert.Equal(first.TableSumMilliseconds * slope, first.Milliseconds, 12);
        table.Predict(large, Rgb16);
        var line = table.Calibration;
        Assert.True(line.Slope > 0 && line.Intercept >= 0, $"{line}");
        var later = table.Predict(large, Rgb16);
        Assert.Equal(line, table.Calibration); // two networks calibrate; the third is predicted only
        Assert.Equal(line.Slope * later.TableSumMilliseconds + line.Intercept, later.Milliseconds, 12);
        Assert.True(table.MeasureWhole(large, Rgb16) > 0);
    }

    [Fact]
    public void Settings_the_shapes_do_not_show_make_different_ops()
    {
        using var scope = NewDisposeScope();
        long[] shape = [1, 8, 16, 16];
        var plain = OpSignature.Of(nn.Conv2d(8, 8, 3, padding: 1), shape, shape);
        var dilated = OpSignature.Of(nn.Conv2d(8, 8, 3, padding: 2, dilation: 2), shape, shape);
        var grouped = OpSignature.Of(nn.Conv2d(8, 8, 3, padding: 1, groups: 8), shape, shape);
        var again = OpSignature.Of(nn.Conv2d(8, 8, 3, padding: 1), shape, shape);
        Assert.Equal(plain, again);
        Assert.Equal(3, new[] { plain, dilated, grouped }.Distinct().Count());
        Assert.NotEqual(OpSignature.Of(nn.MaxPool2d(3, 1, 1), shape, shape), OpSignature.Of(nn.AvgPool2d(3, 1, 1), shape, shape));
    }

    [Fact]
    public void Predicting_leaves_the_network_training_flags_the_random_stream_and_live_tensors_as_they_were()
    {
        var arch = CellSpace.FromGenotype(DartsCellSpace.Create(), PublishedGenotypes.Get("DARTS_V2"));
        using var network = NetworkCatalog.Default.Build(arch, new InputShape(1, 16, 16, 10), new NetworkOptions(Channels: 4, Layers: 3));
        network.train();
        long baseline = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        random.manual_seed(5);
        var table = new LatencyTable(repeats: 2);
        var p = table.Predict(network, new InputShape(1, 16, 16, 10));
        double drawn;
        using (var x = rand(1)) drawn = x.item<float>();
        random.manual_seed(5);
        using (var y = rand(1)) Assert.Equal(y.item<float>(), drawn);
        Assert.True(p.Ops > 20, $"{p.Ops} ops in a 3-cell DARTS network");
        Assert.True(p.Milliseconds > 0);
        Assert.True(network.training);
        Assert.All(network.modules(), m => Assert.True(m.training));
        Assert.Equal(baseline, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
