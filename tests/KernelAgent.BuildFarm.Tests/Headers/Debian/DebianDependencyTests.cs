using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Debian;

namespace KernelAgent.BuildFarm.Tests.Headers.Debian;

public sealed class DebianDependencyTests
{
    [Fact]
    public void ParseDepends_DebianFlavourDepends_ReadsNamesOperatorsAndVersions()
    {
        var relations = DebianDependency.ParseDepends(
            "linux-headers-6.1.0-56-common (= 6.1.192-2), linux-kbuild-6.1 (>= 6.1.192-2), linux-compiler-gcc-12-x86");

        Assert.Equal(
            [
                new DebianDependency("linux-headers-6.1.0-56-common", "=", "6.1.192-2"),
                new DebianDependency("linux-kbuild-6.1", ">=", "6.1.192-2"),
                new DebianDependency("linux-compiler-gcc-12-x86", null, null),
            ],
            relations);
    }

    [Fact]
    public void ParseDepends_AlternativesAndArchQualifiers_KeepsFirstAlternativeName()
    {
        var relations = DebianDependency.ParseDepends("linux-image-6.12.113+deb12-amd64 (= 6.12.113-1~deb12u1) | linux-image-6.12.113+deb12-amd64-unsigned (= 6.12.113-1~deb12u1), gcc-12:amd64");

        Assert.Equal(["linux-image-6.12.113+deb12-amd64", "gcc-12"], relations.Select(r => r.Name));
    }

    [Theory]
    [InlineData(">=", "6.1.192-2", "6.1.192-2", true)]
    [InlineData(">=", "6.1.192-2", "6.1.200-1", true)]
    [InlineData(">=", "6.1.192-2", "6.1.176-1", false)]
    [InlineData("=", "6.1.192-2", "6.1.192-1", false)]
    [InlineData("<<", "6.2", "6.1.192-2", true)]
    public void IsSatisfiedBy_Candidate_FollowsOperator(string op, string version, string candidate, bool expected) =>
        Assert.Equal(expected, new DebianDependency("p", op, version).IsSatisfiedBy(candidate));
}
