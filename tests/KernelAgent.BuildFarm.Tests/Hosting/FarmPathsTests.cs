using System.Text.Json;
using KernelAgent.BuildFarm.Cli;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Cache;
using KernelAgent.BuildFarm.Headers.Debian;
using KernelAgent.BuildFarm.Headers.Roots;
using KernelAgent.BuildFarm.Matrix;
using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.BuildFarm.Signing;
using KernelAgent.BuildFarm.State;
using KernelAgent.BuildFarm.Tests.Headers;
using KernelAgent.BuildFarm.Tests.Matrix;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Tests.Hosting;

/// <summary>
/// Relative paths (as a user types them) mean the working folder at start, for every tool the farm runs with
/// another working folder. The tests use a path relative to the test's own working folder rather than change it
/// (that would move every test running beside them).
/// </summary>
public sealed class FarmPathsTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new("farm-paths");

    public void Dispose() => _scratch.Dispose();

    private string Relative(string name) => Path.GetRelativePath(Environment.CurrentDirectory, Path.Join(_scratch.Path, name));

    [Fact]
    public void BuildHost_RelativePaths_AreAbsoluteInEveryOptions()
    {
        var config = Path.Join(_scratch.Path, "farm.json");
        File.WriteAllText(config, "{}");
        var overrides = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Farm:StateDirectory"] = Relative("state"),
            ["Farm:StoreUrl"] = Relative("store"),
            ["Signing:KeyFile"] = Relative("key.pem"),
            ["Headers:Roots:Directory"] = Relative("roots"),
            ["Headers:Debian:AptDirectory"] = Relative("apt"),
        };

        using var host = CommandHost.Build(config, overrides, LogLevel.Warning);

        var state = host.Services.GetRequiredService<IOptions<FarmStateOptions>>().Value;
        Assert.Equal(Path.Join(_scratch.Path, "state"), state.StateDirectory);
        Assert.Equal(Path.Join(_scratch.Path, "store"), state.StoreUrl);
        Assert.Equal(Path.Join(_scratch.Path, "state", "headers-cache"), host.Services.GetRequiredService<IOptions<HeaderCacheOptions>>().Value.Directory);
        Assert.Equal(Path.Join(_scratch.Path, "key.pem"), host.Services.GetRequiredService<IOptions<SigningOptions>>().Value.KeyFile);
        Assert.Equal(Path.Join(_scratch.Path, "roots"), host.Services.GetRequiredService<IOptions<HeaderRootsOptions>>().Value.Directory);
        Assert.Equal(Path.Join(_scratch.Path, "apt"), host.Services.GetRequiredService<IOptions<DebianHeaderSourceOptions>>().Value.AptDirectory);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void CatalogCrawl_RelativeStateDirectory_CrawlsWithAptUnderTheAbsoluteFolder()
    {
        var repository = Path.Join(_scratch.Path, "repository");
        var suite = Path.Join(repository, "dists", "bookworm-security");
        Directory.CreateDirectory(Path.Join(suite, "main", "binary-amd64"));
        File.Copy(
            Path.Join(TestRepository.Root, "tests", "KernelAgent.BuildFarm.Tests", "Matrix", "Fixtures", "bookworm-security_amd64_Packages"),
            Path.Join(suite, "main", "binary-amd64", "Packages"));
        File.WriteAllText(Path.Join(suite, "Release"), AptFtpArchiveRelease(suite));
        var config = Path.Join(_scratch.Path, "farm.json");
        File.WriteAllText(config, JsonSerializer.Serialize(new
        {
            Headers = new { Debian = new { Sources = new[] { $"Types: deb\nURIs: file:{repository}\nSuites: bookworm-security\nComponents: main\nTrusted: yes\nArchitectures: amd64\n" } } },
        }));
        var error = new StringWriter();

        var exit = FarmCommandLine.Build()
            .Parse(["catalog", "crawl", "--config", config, "--state-dir", Relative("state"), "--family", "debian", "--no-build-strings"])
            .Invoke(new() { Output = new StringWriter(), Error = error });

        Assert.True(exit == 0, error.ToString());
        var catalog = CatalogFile.Load(Path.Join(_scratch.Path, "state", "matrix", "catalog.json"));
        Assert.NotEmpty(catalog.Kernels);
        Assert.True(File.Exists(Path.Join(_scratch.Path, "state", "headers-cache", "apt", "etc", "apt", "apt.conf")));
    }

    [Fact]
    public void MatrixPlan_RelativeStateDirectoryPolicyAndCatalog_PlansAgainstTheAbsoluteFolders()
    {
        var config = Path.Join(_scratch.Path, "farm.json");
        File.WriteAllText(config, "{}");
        CatalogFile.Save(Path.Join(_scratch.Path, "catalog.json"), MatrixTestData.CatalogOf(MatrixTestData.Debian(56), MatrixTestData.Debian(55)));
        File.WriteAllText(Path.Join(_scratch.Path, "policy.json"), """
            { "format": "kernelagent-policy/v1", "name": "relative",
              "targets": [ { "distro": "debian", "versions": ["12"], "arches": ["x86_64"], "window": { "newestAbis": 2 } } ],
              "drivers": [ { "name": "kagent_sample", "version": "1.0.0" } ] }
            """);
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = FarmCommandLine.Build()
            .Parse(["matrix", "plan", "--config", config, "--state-dir", Relative("state"), "--policy", Relative("policy.json"), "--catalog", Relative("catalog.json")])
            .Invoke(new() { Output = output, Error = error });

        Assert.True(exit == 0, error.ToString());
        Assert.Contains("6.1.0-56-amd64", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("6.1.0-55-amd64", output.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A Release file that says what the archive's says (Origin Debian, version 12), with the index digests.</summary>
    private static string AptFtpArchiveRelease(string suite)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("apt-ftparchive")
        {
            ArgumentList =
            {
                "-o", "APT::FTPArchive::Release::Origin=Debian", "-o", "APT::FTPArchive::Release::Codename=bookworm-security",
                "-o", "APT::FTPArchive::Release::Suite=bookworm-security", "-o", "APT::FTPArchive::Release::Version=12",
                "-o", "APT::FTPArchive::Release::Architectures=amd64", "-o", "APT::FTPArchive::Release::Components=main",
                "release", suite,
            },
            RedirectStandardOutput = true,
        })!;
        var release = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return release;
    }
}
