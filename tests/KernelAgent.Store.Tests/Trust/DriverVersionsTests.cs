using KernelAgent.Store.Trust;

namespace KernelAgent.Store.Tests.Trust;

/// <summary>Examples of dpkg's order (deb-version(7)) that rollback protection relies on.</summary>
public sealed class DriverVersionsTests
{
    [Theory]
    [InlineData("1.2", "1.10")]
    [InlineData("1.0~rc1", "1.0")]
    [InlineData("1.0", "1.0a")]
    [InlineData("1.0a", "1.0+b")]
    [InlineData("1.0+b", "1.0.1")]
    [InlineData("1.0-1", "1.0-2")]
    [InlineData("1.0-9", "1.0-10")]
    [InlineData("9.9", "1:0.1")]
    [InlineData("0.8.2", "0.9")]
    [InlineData("2.0~~", "2.0~")]
    [InlineData("6.1.0-56", "6.1.0-57")]
    public void Compare_LowerThenHigher_OrdersAsDpkg(string lower, string higher)
    {
        Assert.True(DriverVersions.Compare(lower, higher) < 0);
        Assert.True(DriverVersions.Compare(higher, lower) > 0);
    }

    [Theory]
    [InlineData("1.0", "1.0-0")]
    [InlineData("1.0", "0:1.0")]
    [InlineData("1.01", "1.1")]
    public void Compare_EqualInDpkgOrder_IsZero(string a, string b) => Assert.Equal(0, DriverVersions.Compare(a, b));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("1.0 beta", "position 3")]
    [InlineData("a:1.0", "epoch")]
    [InlineData("1:2:3", "more than one ':'")]
    [InlineData("1:", "upstream")]
    [InlineData("-1", "upstream")]
    public void Problem_Malformed_NamesWhatIsWrong(string version, string expected) =>
        Assert.Contains(expected, DriverVersions.Problem(version), StringComparison.Ordinal);

    [Fact]
    public void Compare_Malformed_ThrowsArgumentExceptionNamingIt() =>
        Assert.Contains("1 0", Assert.Throws<ArgumentException>(() => DriverVersions.Compare("1 0", "1")).Message, StringComparison.Ordinal);
}
