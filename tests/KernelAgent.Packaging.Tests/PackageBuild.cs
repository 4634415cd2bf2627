using System.Diagnostics;
using System.Xml.Linq;

namespace KernelAgent.Packaging.Tests;

/// <summary>
/// One run of <c>packaging/build.sh --arch all</c> shared by every test of the "Packages" collection: building
/// takes minutes (NativeAOT for two architectures, xz compression). KA_TEST_PACKAGES_DIR points the tests at
/// packages built earlier instead. The work folder lives in KA_TEST_CACHE when set, so dotnet publish is
/// incremental from one test run to the next.
/// </summary>
public sealed class PackageBuild : IAsyncLifetime
{
    public const string Agent = "kernel-agent";
    public const string Farm = "kernel-buildfarm";

    /// <summary>Exit status of build.sh when the packages were built but lintian or rpmlint found problems.</summary>
    public const int LintFailedExitCode = 3;

    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(60);

    private string? _temporary;

    /// <summary>Package name and Debian architecture of every package the build makes (as .deb and .rpm).</summary>
    public static TheoryData<string, string> EveryPackage { get; } = new()
    {
        { Agent, "amd64" },
        { Agent, "arm64" },
        { Farm, "amd64" },
        { Farm, "arm64" },
    };

    public string Version { get; } = ReadVersion();

    public string Directory { get; private set; } = string.Empty;

    /// <summary>The build's transcript; null when the packages were built before the tests (KA_TEST_PACKAGES_DIR).</summary>
    public CommandResult? Result { get; private set; }

    public TimeSpan Duration { get; private set; }

    public static string RpmArch(string arch) => arch == "amd64" ? "x86_64" : "aarch64";

    public string Deb(string package, string arch) => Path.Join(Directory, $"{package}_{Version}_{arch}.deb");

    public string Rpm(string package, string arch) => Path.Join(Directory, $"{package}-{Version}-1.{RpmArch(arch)}.rpm");

    public async ValueTask InitializeAsync()
    {
        var prebuilt = Environment.GetEnvironmentVariable("KA_TEST_PACKAGES_DIR");
        if (!string.IsNullOrEmpty(prebuilt))
        {
            Directory = prebuilt;
            return;
        }

        _temporary = System.IO.Directory.CreateTempSubdirectory("kernelagent-packages.").FullName;
        Directory = Path.Join(_temporary, "packages");
        var cache = Environment.GetEnvironmentVariable("KA_TEST_CACHE");
        var work = string.IsNullOrEmpty(cache) ? Path.Join(_temporary, "work") : Path.Join(cache, "packaging-work");
        var clock = Stopwatch.StartNew();
        Result = await CommandRunner.RunAsync(
            "bash",
            [Path.Join(RepositoryPaths.Packaging, "build.sh"), "--arch", "all", "--out", Directory, "--work", work],
            BuildTimeout);
        Duration = clock.Elapsed;
    }

    public ValueTask DisposeAsync()
    {
        if (_temporary is not null)
        {
            System.IO.Directory.Delete(_temporary, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Fails the calling test with the build's transcript when build.sh produced no packages.</summary>
    public void RequireBuilt()
    {
        if (Result is { ExitCode: not 0 and not LintFailedExitCode } failed)
        {
            var transcript = failed.Transcript;
            Assert.Fail($"packaging/build.sh failed:\n{transcript[Math.Max(0, transcript.Length - 6000)..]}");
        }
    }

    private static string ReadVersion()
    {
        var props = XDocument.Load(RepositoryPaths.Join("Directory.Build.props"));
        return props.Descendants("Version").Single().Value;
    }
}
