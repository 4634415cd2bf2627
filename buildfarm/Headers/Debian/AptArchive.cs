using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using KernelAgent.BuildFarm.Compilation;
using Microsoft.Extensions.Logging;

namespace KernelAgent.BuildFarm.Headers.Debian;

/// <summary>
/// A private apt root (its own config, sources, lists and empty dpkg status) used through
/// <c>APT_CONFIG</c>: the farm queries and downloads Debian packages for any architecture without
/// touching the machine's own dpkg state.
/// </summary>
internal sealed partial class AptArchive(
    string directory,
    DebianHeaderSourceOptions options,
    IReadOnlyList<string> architectures,
    IProcessRunner processRunner,
    TimeProvider timeProvider,
    ILogger logger) : IDisposable
{
    private readonly SemaphoreSlim _updateGate = new(1, 1);
    private bool _prepared;

    /// <summary>The private apt root.</summary>
    public string Root => directory;

    public string ConfigFile => Path.Join(directory, "etc", "apt", "apt.conf");

    /// <summary>For error messages: which repositories a miss was looked up in.</summary>
    public string Description => $"the Debian archives of {Path.Join(directory, "etc", "apt", "sources.list.d", "farm.sources")}";

    private string UpdatedMarker => Path.Join(directory, "lists-updated");

    /// <summary>Refreshes the package lists when they are older than <paramref name="maxAge"/> (or missing).</summary>
    public async Task EnsureListsAsync(TimeSpan maxAge, CancellationToken cancellationToken)
    {
        await _updateGate.WaitAsync(cancellationToken);
        try
        {
            Prepare();
            if (ListsAge() is { } age && age <= maxAge)
            {
                return;
            }

            var result = await RunAsync("apt-get", ["update", "-q"], options.UpdateTimeout, null, cancellationToken);
            // apt-get update exits 0 even when one source fails; a failed fetch ("E:" / "Err:") is still worth knowing.
            if (!result.Succeeded || result.StandardError.Contains("E: ", StringComparison.Ordinal))
            {
                throw Failure("apt-get update", result);
            }

            FileWrites.WriteAllTextAtomic(UpdatedMarker, timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            HeadersLog.AptListsUpdated(logger, directory, result.Duration.TotalSeconds);
        }
        finally
        {
            _updateGate.Release();
        }
    }

    public TimeSpan? ListsAge() =>
        File.Exists(UpdatedMarker) && DateTimeOffset.TryParse(File.ReadAllText(UpdatedMarker), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? timeProvider.GetUtcNow() - at
            : null;

    /// <summary>Every offered version of one package (<c>apt-cache show name:arch</c>); empty when unknown.</summary>
    public async Task<IReadOnlyList<DebianControlStanza>> ShowAsync(string package, string architecture, CancellationToken cancellationToken)
    {
        var result = await RunAsync("apt-cache", ["show", $"{package}:{architecture}"], options.QueryTimeout, null, cancellationToken);
        // apt-cache exits 100 with "E: No packages found" for an unknown name: that is an answer, not a failure.
        if (!result.Succeeded && !result.StandardError.Contains("No packages found", StringComparison.Ordinal))
        {
            throw Failure($"apt-cache show {package}:{architecture}", result);
        }

        return DebianControlStanza.ParseAll(result.StandardOutput);
    }

    /// <summary>The download address of each package, keyed by its sha256 (<c>apt-get download --print-uris</c>).</summary>
    public async Task<IReadOnlyDictionary<string, Uri>> DownloadUrisAsync(IEnumerable<HeaderPackage> packages, CancellationToken cancellationToken)
    {
        var specifications = packages.Select(Specification).ToList();
        var result = await RunAsync("apt-get", ["download", "--print-uris", .. specifications], options.QueryTimeout, null, cancellationToken);
        if (!result.Succeeded)
        {
            throw Failure($"apt-get download --print-uris {string.Join(' ', specifications)}", result);
        }

        // Each line: 'URI' file-name size SHA256:hex
        return PrintedUri().Matches(result.StandardOutput)
            .ToDictionary(m => m.Groups["sha"].Value.ToLowerInvariant(), m => new Uri(m.Groups["uri"].Value));
    }

    /// <summary>
    /// Downloads exact package files into <paramref name="destination"/> with one <c>apt-get download</c>; each file is
    /// found by its name (apt names it <c>name_version_arch.deb</c>).
    /// </summary>
    public async Task<IReadOnlyDictionary<HeaderPackage, string>> DownloadAsync(
        IReadOnlyList<HeaderPackage> packages, string destination, CancellationToken cancellationToken)
    {
        var specifications = packages.Select(Specification).ToList();
        var result = await RunAsync("apt-get", ["download", "-q", .. specifications], options.DownloadTimeout, destination, cancellationToken);
        var files = Directory.GetFiles(destination, "*.deb");
        var named = packages.ToDictionary(p => p, p => files.Where(f => Path.GetFileName(f).StartsWith(FileNamePrefix(p), StringComparison.Ordinal)).ToList());
        if (!result.Succeeded || files.Length != packages.Count || named.Values.Any(f => f.Count != 1))
        {
            throw Failure($"apt-get download {string.Join(' ', specifications)}", result);
        }

        return named.ToDictionary(n => n.Key, n => n.Value[0]);
    }

    /// <summary>Downloads one exact package file into <paramref name="destination"/>.</summary>
    public async Task<string> DownloadAsync(HeaderPackage package, string destination, CancellationToken cancellationToken) =>
        (await DownloadAsync([package], destination, cancellationToken))[package];

    /// <summary>The start of the file name apt-get download gives a package: <c>name_</c> (a package name has no '_').</summary>
    public static string FileNamePrefix(HeaderPackage package) => package.Name + "_";

    public void Dispose() => _updateGate.Dispose();

    /// <summary>"name:arch=version": apt's way to name one exact package.</summary>
    public static string Specification(HeaderPackage package) => $"{package.Name}:{package.Architecture}={package.Version}";

    private Task<ProcessResult> RunAsync(
        string tool, IReadOnlyList<string> arguments, TimeSpan timeout, string? workingDirectory, CancellationToken cancellationToken)
    {
        Prepare();
        var invocation = new ProcessInvocation(tool, arguments, timeout)
        {
            WorkingDirectory = workingDirectory,
            Environment = new Dictionary<string, string> { ["APT_CONFIG"] = ConfigFile, ["LC_ALL"] = "C.UTF-8" },
        };
        return processRunner.RunAsync(invocation, cancellationToken);
    }

    private HeaderSourceException Failure(string command, ProcessResult result) =>
        new(result.TimedOut
            ? $"'{command}' (APT_CONFIG={ConfigFile}) did not finish within its timeout.\n{result.Tail(20)}"
            : $"'{command}' (APT_CONFIG={ConfigFile}) failed with exit code {result.ExitCode}.\n{result.Tail(20)}");

    private void Prepare()
    {
        if (_prepared)
        {
            return;
        }

        foreach (var folder in (string[])["etc/apt/apt.conf.d", "etc/apt/preferences.d", "etc/apt/sources.list.d", "var/lib/apt/lists/partial", "var/cache/apt/archives/partial", "var/lib/dpkg", "var/log/apt"])
        {
            Directory.CreateDirectory(Path.Join(directory, folder));
        }

        var status = Path.Join(directory, "var", "lib", "dpkg", "status");
        if (!File.Exists(status))
        {
            FileWrites.WriteAllTextAtomic(status, "");
        }

        FileWrites.WriteAllTextAtomic(Path.Join(directory, "etc", "apt", "sources.list.d", "farm.sources"), AptSources.Compose(options.HostRoot, [.. options.Sources], architectures));
        FileWrites.WriteAllTextAtomic(ConfigFile, ConfigText());
        _prepared = true;
    }

    // apt.conf(5) / the Dir:: tree of apt-config dump. Keys stay with the machine's keyrings; everything
    // apt writes (lists, caches, logs) lives under the private root.
    private string ConfigText()
    {
        if (directory.Contains('"', StringComparison.Ordinal))
        {
            throw new HeaderSourceException($"The private apt root '{directory}' contains a '\"', which apt.conf cannot quote.");
        }

        var root = Path.GetFullPath(directory).TrimEnd('/') + "/";
        var trusted = Path.Join(options.HostRoot, "etc", "apt");
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Dir \"{root}\";\n")
            .Append(CultureInfo.InvariantCulture, $"Dir::State \"{root}var/lib/apt\";\n")
            .Append(CultureInfo.InvariantCulture, $"Dir::State::status \"{root}var/lib/dpkg/status\";\n")
            .Append(CultureInfo.InvariantCulture, $"Dir::Cache \"{root}var/cache/apt\";\n")
            .Append(CultureInfo.InvariantCulture, $"Dir::Log \"{root}var/log/apt\";\n")
            .Append(CultureInfo.InvariantCulture, $"Dir::Etc \"{root}etc/apt\";\n")
            .Append(CultureInfo.InvariantCulture, $"Dir::Etc::main \"{root}etc/apt/apt.conf\";\n")
            .Append(CultureInfo.InvariantCulture, $"Dir::Etc::Parts \"{root}etc/apt/apt.conf.d\";\n")
            .Append(CultureInfo.InvariantCulture, $"Dir::Etc::Trusted \"{trusted}/trusted.gpg\";\n")
            .Append(CultureInfo.InvariantCulture, $"Dir::Etc::TrustedParts \"{trusted}/trusted.gpg.d\";\n")
            .Append(CultureInfo.InvariantCulture, $"APT::Architecture \"{options.HostArchitecture}\";\n")
            .Append("APT::Architectures { ").AppendJoin(' ', architectures.Select(a => $"\"{a}\";")).Append(" };\n")
            .Append("APT::Sandbox::User \"root\";\n")
            .Append("Acquire::Languages \"none\";\n")
            .Append(CultureInfo.InvariantCulture, $"Acquire::http::Timeout \"{(int)options.NetworkTimeout.TotalSeconds}\";\n")
            .Append(CultureInfo.InvariantCulture, $"Acquire::https::Timeout \"{(int)options.NetworkTimeout.TotalSeconds}\";\n");
        return text.ToString();
    }

    [GeneratedRegex(@"^'(?<uri>[^']+)'\s+\S+\s+\d+\s+SHA256:(?<sha>[0-9a-fA-F]{64})\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex PrintedUri();
}
