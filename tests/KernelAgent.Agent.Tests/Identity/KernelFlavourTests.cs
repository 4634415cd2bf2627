using KernelAgent.Agent.Identity;

namespace KernelAgent.Agent.Tests.Identity;

public sealed class KernelFlavourTests
{
    [Theory]
    [InlineData("6.1.0-56-amd64", "amd64")]
    [InlineData("6.1.0-56-cloud-amd64", "cloud-amd64")]
    [InlineData("6.1.0-56-rt-amd64", "rt-amd64")]
    [InlineData("6.1.0-56-arm64", "arm64")]
    [InlineData("6.12.113+deb12-amd64", "amd64")]
    [InlineData("6.8.0-1012-aws", "aws")]
    [InlineData("6.2.0-1015-azure", "azure")]
    [InlineData("5.15.0-105-generic", "generic")]
    [InlineData("5.4.83-flatcar", "flatcar")]
    [InlineData("5.14.0-427.13.1.el9_4.x86_64+rt", "rt")]
    [InlineData("5.14.0-427.13.1.el9_4.x86_64", null)]
    [InlineData("6.1.66-91.160.amzn2023.x86_64", null)]
    [InlineData("6.8.5-301.fc40.x86_64", null)]
    [InlineData("6.12.37", null)]
    public void Guess_RealRelease_ReadsTheFlavourSuffix(string release, string? flavour)
    {
        Assert.Equal(flavour, KernelFlavour.Guess(release));
    }
}
