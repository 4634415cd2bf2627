using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Drivers;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Debian;
using KernelAgent.BuildFarm.Tests.Headers;

namespace KernelAgent.BuildFarm.Tests.Drivers.Dkms;

/// <summary>
/// Real Debian <c>*-dkms</c> packages, downloaded with apt through the tests' private apt root and kept by digest
/// under <c>$KA_TEST_CACHE/dkms-packages/sha256/</c> (like the header packages), so a second run downloads nothing.
/// </summary>
internal static class DkmsPackageCache
{
    private static readonly TimeSpan _timeout = TimeSpan.FromMinutes(5);

    public static async Task<string> FetchAsync(string package, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string> { ["APT_CONFIG"] = Path.Join(TestCacheDirectory.Apt, "etc", "apt", "apt.conf") };
        var runner = new ProcessRunner(TimeProvider.System);
        var show = await runner.RunAsync(new ProcessInvocation("apt-cache", ["show", "--no-all-versions", package], _timeout) { Environment = environment }, cancellationToken);
        var stanzas = DebianControlStanza.ParseAll(show.StandardOutput);
        var stanza = stanzas.Count > 0 ? stanzas[0] : throw new InvalidOperationException($"apt-cache show {package} found nothing: {show.Tail(5)}");
        var (version, sha256) = (stanza.Required("Version", package), stanza.Required("SHA256", package));
        var cached = Path.Join(TestCacheDirectory.Root, "dkms-packages", "sha256", sha256 + ".deb");
        if (File.Exists(cached) && DriverSourceDigest.ComputeForFile(cached) == sha256)
        {
            return cached;
        }

        var download = Directory.CreateTempSubdirectory("kernelagent-dkms-download-");
        try
        {
            var get = await runner.RunAsync(new ProcessInvocation("apt-get", ["download", $"{package}={version}"], _timeout)
            {
                Environment = environment,
                WorkingDirectory = download.FullName,
            }, cancellationToken);
            var file = Directory.GetFiles(download.FullName, "*.deb").SingleOrDefault()
                ?? throw new InvalidOperationException($"apt-get download {package}={version} fetched nothing: {get.Tail(5)}");
            var actual = DriverSourceDigest.ComputeForFile(file);
            if (actual != sha256)
            {
                throw new InvalidOperationException($"{package} {version}: downloaded sha256 {actual}, the archive index says {sha256}");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(cached)!);
            File.Move(file, cached + ".tmp", overwrite: true);
            File.Move(cached + ".tmp", cached, overwrite: true);
            return cached;
        }
        finally
        {
            download.Delete(recursive: true);
        }
    }
}
