namespace KernelAgent.Store.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Build_Always_Compiles() => Assert.True(true);
}
