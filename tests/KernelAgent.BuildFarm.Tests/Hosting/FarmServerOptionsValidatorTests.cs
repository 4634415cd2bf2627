using KernelAgent.BuildFarm.Hosting;

namespace KernelAgent.BuildFarm.Tests.Hosting;

/// <summary>Server options: the HTTP/2 stream limit per connection is deliberate and bounded (issue 15).</summary>
public sealed class FarmServerOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_AllowTenThousandStreamsPerConnection()
    {
        var options = new FarmServerOptions();

        var result = new FarmServerOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(10_000, options.MaxStreamsPerConnection);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(FarmServerOptions.MaxStreamsPerConnectionLimit + 1)]
    public void Validate_StreamsPerConnectionOutOfBounds_NamesTheSettingAndTheBounds(int streams)
    {
        var result = new FarmServerOptionsValidator().Validate(null, new FarmServerOptions { MaxStreamsPerConnection = streams, Listen = "nowhere" });

        Assert.True(result.Failed);
        Assert.Contains($"Server:MaxStreamsPerConnection {streams} is not between 1 and 100000", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Server:Listen 'nowhere'", result.FailureMessage, StringComparison.Ordinal);
    }
}
