namespace KernelAgent.BuildFarm.Tests.Headers;

/// <summary>
/// The folder integration tests keep downloads and apt lists in: KA_TEST_CACHE when set (CI reuses it across
/// runs), else a fixed folder under the temp directory.
/// </summary>
internal static class TestCacheDirectory
{
    public static string Root =>
        Environment.GetEnvironmentVariable("KA_TEST_CACHE") is { Length: > 0 } configured
            ? configured
            : Path.Join(Path.GetTempPath(), "kernelagent-test-cache");

    /// <summary>The private apt root all tests share (its lists take seconds to download).</summary>
    public static string Apt => Path.Join(Root, "apt");

    /// <summary>The headers cache shared by the build tests.</summary>
    public static string Headers => Path.Join(Root, "headers");
}
