using Nas.Cli.Console;
using Xunit;

namespace Nas.Tests.Cli;

public sealed class FormatsTests
{
    [Theory]
    [InlineData(59.4, "0:59")]
    [InlineData(59.6, "1:00")]
    [InlineData(3599.4, "59:59")]
    [InlineData(3599.6, "1:00:00")] // read "0:00" when the format was chosen before rounding (a real hour-long run's "done in")
    [InlineData(3617, "1:00:17")]
    [InlineData(90_000, "25:00:00")] // hours in full, not the hours of the day
    public void SecondsRoundsBeforeChoosingTheFormat(double seconds, string expected) =>
        Assert.Equal(expected, Formats.Seconds(seconds));

    [Fact]
    public void SecondsOfNothingIsADash() => Assert.Equal("-", Formats.Seconds(null));
}
