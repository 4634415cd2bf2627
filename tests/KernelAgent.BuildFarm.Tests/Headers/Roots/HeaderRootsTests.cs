using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Roots;
using KernelAgent.BuildFarm.Hosting;
using KernelAgent.BuildFarm.Tests.Builds;
using KernelAgent.BuildFarm.Tests.Hosting;
using KernelAgent.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Tests.Headers.Roots;

/// <summary>
/// Kept headers roots through the farm with its real module builder, the header source and kbuild replaced by
/// counting fakes: one root per kernel, reused by later builds, read-only, bounded, safe under concurrent builds.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HeaderRootsTests : IDisposable
{
    private readonly CountingModuleCompiler _compiler = new();
    private readonly CountingHeaderSource _headers = new();
    private readonly ScratchDirectory _scratch = new("header-roots");

    public void Dispose() => _scratch.Dispose();

    [Fact(Timeout = 60_000)]
    public async Task Build_SecondDriverVersionOnTheSameKernel_ReusesTheKeptRootWithoutExtracting()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await StartAsync();

        var first = await BuildAsync(farm, TestVariants.Build(), token);
        var second = await BuildAsync(farm, TestVariants.Build(driver: TestVariants.NextSample), token);

        Assert.Equal((BuildState.Succeeded, BuildState.Succeeded), (first.Last.State, second.Last.State));
        Assert.Equal((1, 2), (_headers.Extractions, _compiler.Calls));
        var root = Assert.Single(Roots(farm));
        Assert.True(File.Exists(Path.Join(root, CountingHeaderSource.ExtractedFile)));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Join(farm.StateDirectory, "builds")));
    }

    [Fact(Timeout = 60_000)]
    public async Task Build_KeptRootTheSourceRefuses_IsReplacedByAFreshExtraction()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await StartAsync();
        await BuildAsync(farm, TestVariants.Build(), token);
        var root = Assert.Single(Roots(farm));
        ReadOnlyTree.Delete(root);
        Directory.CreateDirectory(root);

        await BuildAsync(farm, TestVariants.Build(driver: TestVariants.NextSample), token);

        Assert.Equal(2, _headers.Extractions);
        Assert.True(File.Exists(Path.Join(Assert.Single(Roots(farm)), CountingHeaderSource.ExtractedFile)));
        Assert.Empty(Directory.GetDirectories(RootsDirectory(farm), ".*"));
    }

    [Fact(Timeout = 60_000)]
    public async Task Build_NewRoot_IsMadeReadOnly()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await StartAsync();

        await BuildAsync(farm, TestVariants.Build(), token);

        var root = Assert.Single(Roots(farm));
        const UnixFileMode anyWrite = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
        Assert.Equal((UnixFileMode)0, File.GetUnixFileMode(root) & anyWrite);
        Assert.Equal((UnixFileMode)0, File.GetUnixFileMode(Path.Join(root, CountingHeaderSource.ExtractedFile)) & anyWrite);
    }

    [Fact(Timeout = 60_000)]
    public async Task Build_MoreKernelsThanKept_EvictsTheLeastRecentlyUsedRoot()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await StartAsync(new() { ["Headers:Roots:Keep"] = "2", ["Builds:Workers"] = "1" });

        await BuildAsync(farm, TestVariants.Build(TestVariants.Debian(2)), token);
        await BuildAsync(farm, TestVariants.Build(TestVariants.Debian(3)), token);
        await BuildAsync(farm, TestVariants.Build(TestVariants.Debian(2), driver: TestVariants.NextSample), token);
        await BuildAsync(farm, TestVariants.Build(TestVariants.Debian(4)), token);
        Assert.Equal(3, _headers.Extractions);
        Assert.Equal(2, Roots(farm).Count);

        // Debian(3)'s root was the least recently used (Debian(2)'s was reused after it): it went.
        var kept = Roots(farm).Select(r => File.ReadAllText(Path.Join(r, CountingHeaderSource.ExtractedFile))).Order(StringComparer.Ordinal).ToList();
        Assert.Collection(
            kept,
            k => Assert.Contains("Debian 6.1.192-2 ", k, StringComparison.Ordinal),
            k => Assert.Contains("Debian 6.1.192-4 ", k, StringComparison.Ordinal));
        Assert.Empty(Directory.GetDirectories(RootsDirectory(farm), ".*"));
    }

    [Fact(Timeout = 60_000)]
    public async Task Build_KeepZero_LeavesNoRootBehind()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await StartAsync(new() { ["Headers:Roots:Keep"] = "0" });

        var first = await BuildAsync(farm, TestVariants.Build(), token);
        var second = await BuildAsync(farm, TestVariants.Build(driver: TestVariants.NextSample), token);

        Assert.Equal((BuildState.Succeeded, BuildState.Succeeded), (first.Last.State, second.Last.State));
        Assert.Equal(2, _headers.Extractions);
        Assert.Empty(Directory.GetFileSystemEntries(RootsDirectory(farm)));
    }

    [Fact(Timeout = 60_000)]
    public async Task Build_TwoVariantsOfOneKernelAtOnce_BothSucceedAndOneCompleteRootIsKept()
    {
        var token = TestContext.Current.CancellationToken;
        _headers.ExtractionDelay = TimeSpan.FromMilliseconds(500);
        await using var farm = await StartAsync(new() { ["Builds:Workers"] = "2" });

        var builds = await Task.WhenAll(
            BuildAsync(farm, TestVariants.Build(), token),
            BuildAsync(farm, TestVariants.Build(driver: TestVariants.NextSample), token));

        Assert.All(builds, b => Assert.Equal(BuildState.Succeeded, b.Last.State));
        var root = Assert.Single(Roots(farm));
        Assert.True(File.Exists(Path.Join(root, CountingHeaderSource.ExtractedFile)));
        Assert.Empty(Directory.GetDirectories(RootsDirectory(farm), ".*"));
    }

    [Fact(Timeout = 60_000)]
    public async Task Metrics_AfterAnExtractingAndAReusingBuild_ShowEveryPhaseAndBothRootResults()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await StartAsync();
        await BuildAsync(farm, TestVariants.Build(), token);
        await BuildAsync(farm, TestVariants.Build(driver: TestVariants.NextSample), token);

        string[] expected =
        [
            "kernelagent_build_phase_duration_seconds_count{phase=\"source\"} 2",
            "kernelagent_build_phase_duration_seconds_count{phase=\"headers\"} 2",
            "kernelagent_build_phase_duration_seconds_count{phase=\"compile\"} 2",
            "kernelagent_build_phase_duration_seconds_count{phase=\"attestation_signing\"} 2",
            "kernelagent_build_phase_duration_seconds_count{phase=\"publish\"} 2",
            "kernelagent_build_phase_duration_seconds_bucket{phase=\"publish\",le=\"+Inf\"} 2",
            "kernelagent_headers_roots_total{result=\"extracted\"} 1",
            "kernelagent_headers_roots_total{result=\"reused\"} 1",
        ];
        var text = "";
        await BuildStreams.EventuallyAsync(
            async () =>
            {
                text = await farm.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative), token);
                return expected.All(line => text.Split('\n').Contains(line));
            },
            "/metrics shows the phases of both builds and one extracted and one reused root",
            TimeSpan.FromSeconds(10));
        Assert.Contains("# TYPE kernelagent_build_phase_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("kernelagent_build_phase_duration_seconds_bucket{phase=\"compile\",le=\"0.005\"}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("phase=\"kernel_signing\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void FarmHostBuild_InvalidRootsOptions_OneErrorNamingEach()
    {
        var config = Path.Join(_scratch.Path, "farm.json");
        File.WriteAllText(config, "{}");

        var error = Assert.Throws<OptionsValidationException>(() => FarmHost.Build(config, new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Farm:StateDirectory"] = _scratch.Path,
            ["Headers:Roots:Keep"] = "-1",
            ["Headers:Roots:Directory"] = "/srv/header roots",
        }));

        Assert.Contains(error.Failures, f => f.StartsWith("Headers:Roots:Keep -1 is not between 0", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Headers:Roots:Directory '/srv/header roots' contains characters kbuild cannot pass", StringComparison.Ordinal));
    }

    private static async Task<BuildStream> BuildAsync(InProcessFarm farm, BuildRequest request, CancellationToken token)
    {
        var stream = await BuildStreams.ReadAllAsync(farm.Client.Build(request, cancellationToken: token), token);
        Assert.True(stream.Last.State == BuildState.Succeeded, $"{stream.Last}");
        return stream;
    }

    private static string RootsDirectory(InProcessFarm farm) => Path.Join(farm.StateDirectory, "headers-roots");

    private static List<string> Roots(InProcessFarm farm) =>
        [.. Directory.GetDirectories(RootsDirectory(farm)).Where(d => !Path.GetFileName(d).StartsWith('.'))];

    private Task<InProcessFarm> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var all = TestVariants.NextVersionSettings();
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        return InProcessFarm.StartAsync(
            services =>
            {
                services.Replace(ServiceDescriptor.Singleton<IModuleCompiler>(_compiler));
                services.RemoveAll<IHeaderSource>();
                services.AddSingleton<IHeaderSource>(_headers);
            },
            all);
    }
}
