namespace KernelAgent.Store.Tests.Backends.Http;

/// <summary>
/// What an integration test does when its external component is missing: fail in CI (CI=true), where the
/// test script installs everything, and skip on a developer machine.
/// </summary>
public static class IntegrationRequirement
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Fails or skips the current test with <paramref name="why"/> when it is not null.</summary>
    public static void Require(string? why)
    {
        if (why is null)
        {
            return;
        }

        if (InCi)
        {
            Assert.Fail($"{why} (CI=true: the test script must provide it)");
        }

        Assert.Skip(why);
    }

    /// <summary>The full path of an executable on PATH, or null.</summary>
    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
