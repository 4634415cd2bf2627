using KernelAgent.Agent.Verification;

namespace KernelAgent.Agent.Tests.Verification;

public sealed class ModinfoVermagicTests
{
    private static readonly ModinfoVermagic s_debian = new("6.1.0-56-amd64 SMP preempt mod_unload modversions ");

    [Fact]
    public void Release_DebianVermagic_IsTheFirstToken() => Assert.Equal("6.1.0-56-amd64", s_debian.Release);

    [Fact]
    public void Options_DebianVermagic_AreTheTokensAfterTheRelease() =>
        Assert.Equal(["SMP", "preempt", "mod_unload", "modversions"], s_debian.Options);

    [Theory]
    [InlineData("6.1.0-56-amd64", true)]
    [InlineData("6.1.0-55-amd64", false)]
    [InlineData("6.1.0-56-cloud-amd64", false)]
    [InlineData("6.1.0-56-AMD64", false)]
    [InlineData("6.1.0-56", false)]
    public void ReleaseMatches_KernelRelease_ComparesTheWholeFirstTokenExactly(string release, bool matches) =>
        Assert.Equal(matches, s_debian.ReleaseMatches(release));

    [Theory]
    [InlineData("6.1.0-56-amd64 SMP preempt mod_unload modversions ", true)]
    [InlineData("6.1.0-56-amd64 SMP preempt mod_unload modversions", false)]
    [InlineData("6.1.0-55-amd64 SMP preempt mod_unload modversions ", false)]
    [InlineData("6.1.0-56-amd64 SMP preempt_rt mod_unload modversions ", false)]
    public void MatchesExactly_ExpectedString_ComparesEveryCharacter(string expected, bool matches) =>
        Assert.Equal(matches, s_debian.MatchesExactly(expected));

    [Fact]
    public void Release_EmptyVermagic_IsEmpty() => Assert.Equal(string.Empty, new ModinfoVermagic("").Release);
}
