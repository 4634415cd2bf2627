using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Debian;

namespace KernelAgent.BuildFarm.Tests.Headers.Debian;

public sealed class DebianVersionTests
{
    [Theory]
    [InlineData("6.1.192-2", "6.1.192-1")]
    [InlineData("6.1.192-1", "6.1.176-1")]
    [InlineData("6.1.1000-1", "6.1.999-1")]
    [InlineData("6.12.113-1", "6.12.113-1~deb12u1")]
    [InlineData("6.12.113-1~deb12u1", "6.12.113-1~bpo12+1")]
    [InlineData("1:1.0-1", "9.9-1")]
    [InlineData("1.0a-1", "1.0-1")]
    [InlineData("1.0+b1", "1.0")]
    [InlineData("1.0", "1.0~rc1")]
    [InlineData("5.15.0-91.101", "5.15.0-91.99")]
    public void Compare_GreaterFirst_OrdersAsDpkg(string greater, string lesser)
    {
        Assert.True(DebianVersion.Compare(greater, lesser) > 0);
        Assert.True(DebianVersion.Compare(lesser, greater) < 0);
    }

    [Theory]
    [InlineData("6.1.192-2", "6.1.192-2")]
    [InlineData("0:6.1.192-2", "6.1.192-2")]
    [InlineData("1.01", "1.1")]
    public void Compare_SameVersion_ReturnsZero(string left, string right) =>
        Assert.Equal(0, DebianVersion.Compare(left, right));
}
