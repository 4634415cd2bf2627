namespace KernelAgent.BuildFarm.Tests.Headers;

/// <summary>An integration test's missing component fails the run in CI and skips it elsewhere.</summary>
internal static class IntegrationRequirement
{
    public static void Require(bool available, string why)
    {
        if (available)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail(why);
        }

        Assert.Skip(why);
    }
}
