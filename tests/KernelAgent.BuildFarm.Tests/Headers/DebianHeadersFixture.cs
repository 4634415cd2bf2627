using System.Text.RegularExpressions;
using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Tests.Headers;

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

    public KernelTarget Amd64 => Target(KernelMachine.X8664, $"{Abi}-amd64", PackageVersion);

    public KernelTarget Arm64 => Target(KernelMachine.Aarch64, $"{Abi}-arm64", PackageVersion);

    public static KernelTarget Target(string machine, string release, string version) =>
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
        }
        catch (Exception e) when (e is HeaderSourceException or ExternalToolException)
        {
            UnavailableReason = $"The Debian archives cannot be used here: {e.Message}";
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public void Require() => IntegrationRequirement.Require(UnavailableReason is null, UnavailableReason ?? "");

    [GeneratedRegex(@"^linux-headers-6\.1\.0-(?<abi>[0-9]+)-amd64 ", RegexOptions.Multiline)]
    private static partial Regex Amd64Abi();
}
