namespace KernelAgent.Packaging.Tests;

/// <summary>
/// What an integration test does when its real component is missing: fail under CI (CI=true), where the
/// test script must have provided it, and skip elsewhere with the reason.
/// </summary>
internal static class MissingComponent
{
    public static void SkipOrFail(string reason)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(reason);
        }

        Assert.Skip(reason);
    }
}
