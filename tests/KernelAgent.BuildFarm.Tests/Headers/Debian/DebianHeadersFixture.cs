using System.Text.RegularExpressions;
using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Cache;
using KernelAgent.BuildFarm.Headers.Debian;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Tests.Headers.Debian;

/// <summary>
/// Shared by the Debian integration tests: a private apt root with fresh lists, and the newest 6.1 ABI the
/// archive still offers for amd64 (ABIs disappear from the archive, so the tests look instead of pinning one).
/// </summary>
public sealed partial class DebianHeadersFixture : IAsyncLifetime
{
    public string? UnavailableReason { get; private set; }

    /// <summary>e.g. "6.1.0-56".</summary>
    public string Abi { get; private set; } = "";

    /// <summary>e.g. "6.1.192-2".</summary>
    public string PackageVersion { get; private set; } = "";

    /// <summary>The amd64 kernel exactly as its headers record it (uname -v with its real build date).</summary>
    internal KernelTarget Amd64 { get; private set; } = Target(KernelMachine.X8664, "", "");

    /// <summary>The arm64 kernel exactly as its headers record it (arm64's uname -v differs from amd64's).</summary>
    internal KernelTarget Arm64 { get; private set; } = Target(KernelMachine.Aarch64, "", "");

    /// <summary>A target with a made-up build date: fine for resolving (the package version names the packages), refused by a fetch.</summary>
    internal static KernelTarget Target(string machine, string release, string version) =>
        new("debian", "12", machine, release, $"#1 SMP PREEMPT_DYNAMIC Debian {version} (2026-10-30)");

    /// <summary>A Debian source over the shared apt root and the given headers cache (the shared one by default).</summary>
    internal static DebianHeaderSource CreateSource(IProcessRunner? runner = null, string? cacheDirectory = null) =>
        new(
            Options.Create(new DebianHeaderSourceOptions { AptDirectory = TestCacheDirectory.Apt }),
            Options.Create(new HeaderCacheOptions { Directory = cacheDirectory ?? TestCacheDirectory.Headers }),
            runner ?? new ProcessRunner(TimeProvider.System),
            TimeProvider.System,
            NullLogger<DebianHeaderSource>.Instance);

    public async ValueTask InitializeAsync()
    {
        var runner = new ProcessRunner(TimeProvider.System);
        var options = new DebianHeaderSourceOptions { AptDirectory = TestCacheDirectory.Apt };
        using var archive = new AptArchive(TestCacheDirectory.Apt, options, ["amd64", "arm64"], runner, TimeProvider.System, NullLogger.Instance);
        try
        {
            await archive.EnsureListsAsync(options.ListsMaxAge, CancellationToken.None);
            var search = await runner.RunAsync(
                new ProcessInvocation("apt-cache", ["search", "--names-only", @"^linux-headers-6\.1\.0-[0-9]+-amd64$"], TimeSpan.FromMinutes(1))
                {
                    Environment = new Dictionary<string, string> { ["APT_CONFIG"] = archive.ConfigFile },
                },
                CancellationToken.None);
            var newest = Amd64Abi().Matches(search.StandardOutput).Select(m => int.Parse(m.Groups["abi"].Value, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(-1).Max();
            if (newest < 0)
            {
                UnavailableReason = $"The configured Debian archives offer no linux-headers-6.1.0-*-amd64 package.\n{search.Tail(10)}";
                return;
            }

            Abi = $"6.1.0-{newest}";
            var stanzas = await archive.ShowAsync($"linux-headers-{Abi}-amd64", "amd64", CancellationToken.None);
            PackageVersion = stanzas.Select(s => s["Version"]!).Max(Comparer<string>.Create(DebianVersion.Compare))!;
            Amd64 = await ExactTargetAsync(archive, runner, Target(KernelMachine.X8664, $"{Abi}-amd64", PackageVersion));
            Arm64 = await ExactTargetAsync(archive, runner, Target(KernelMachine.Aarch64, $"{Abi}-arm64", PackageVersion));
        }
        catch (Exception e) when (e is HeaderSourceException or ExternalToolException)
        {
            UnavailableReason = $"The Debian archives cannot be used here: {e.Message}";
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    // The build string with its date, as the flavour package's include/generated/utsversion.h records it: the farm
    // refuses any other (a build that does not exist).
    private static async Task<KernelTarget> ExactTargetAsync(AptArchive archive, IProcessRunner runner, KernelTarget provisional)
    {
        var flavour = (await CreateSource().ResolveAsync(provisional, CancellationToken.None)).Packages[0];
        using var work = new ScratchDirectory("uts-version");
        var file = await archive.DownloadAsync(flavour, work.Path, CancellationToken.None);
        var root = Path.Join(work.Path, "root");
        await new DebPackageExtractor(runner, TimeSpan.FromMinutes(3)).ExtractAsync([file], root, flavour.Sha256, [], CancellationToken.None);
        var generated = Path.Join(root, "usr", "src", $"linux-headers-{provisional.KernelRelease}", "include", "generated");
        var (buildString, _) = GeneratedHeaders.ReadUtsVersion(generated)
            ?? throw new HeaderSourceException($"{flavour.Name} {flavour.Version} records no UTS_VERSION");
        return provisional with { KernelBuild = buildString };
    }

    public void Require() => IntegrationRequirement.Require(UnavailableReason is null, UnavailableReason ?? "");

    [GeneratedRegex(@"^linux-headers-6\.1\.0-(?<abi>[0-9]+)-amd64 ", RegexOptions.Multiline)]
    private static partial Regex Amd64Abi();
}
