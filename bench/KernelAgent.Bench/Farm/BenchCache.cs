namespace KernelAgent.Bench.Farm;

/// <summary>
/// Where a farm keeps its apt root and header packages. The warm cache is the tests' (KA_TEST_CACHE, else
/// /tmp/kernelagent-test-cache), so benchmark runs reuse the .debs the tests downloaded.
/// </summary>
internal sealed record BenchCache(string Root)
{
    public static BenchCache Shared { get; } = new(
        Environment.GetEnvironmentVariable("KA_TEST_CACHE") is { Length: > 0 } configured
            ? configured
            : Path.Join(Path.GetTempPath(), "kernelagent-test-cache"));

    public string Headers => Path.Join(Root, "headers");

    public string Apt => Path.Join(Root, "apt");

    public Dictionary<string, string?> Settings() => new(StringComparer.Ordinal)
    {
        ["Headers:Cache:Directory"] = Headers,
        ["Headers:Debian:AptDirectory"] = Apt,
    };
}
