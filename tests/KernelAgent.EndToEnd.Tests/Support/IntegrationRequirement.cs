namespace KernelAgent.EndToEnd.Tests.Support;

/// <summary>A missing real component fails the run in CI (CI=true), where the test script must provide it, and skips elsewhere.</summary>
internal static class IntegrationRequirement
{
    public static void Require(string? unavailableReason)
    {
        if (unavailableReason is null)
        {
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(unavailableReason);
        }

        Assert.Skip(unavailableReason);
    }
}
