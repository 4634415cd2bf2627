using KernelAgent.Store.Variants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.Agent.Identity;

/// <summary>
/// Reads the host's identity under a <see cref="HostRoot"/>. When the agent runs in a container the host
/// root must be the host's own <c>/</c> mounted into it (e.g. <c>/host</c>), with the host's /proc at
/// <c>/host/proc</c>: the container's own /etc/os-release names the container image, and a variant
/// key built from it would be wrong for every host. <see cref="HostIdentity.ContainerMarker"/> flags a
/// host root that looks like a container's root.
/// </summary>
internal sealed class KernelIdentityProbe : IKernelIdentityProbe
{
    /// <summary>proc(5): /proc/sys/kernel/osrelease holds the release, as <c>uname -r</c> prints it.</summary>
    public const string KernelReleasePath = "proc/sys/kernel/osrelease";

    /// <summary>proc(5): /proc/sys/kernel/version holds the build string, as <c>uname -v</c> prints it.</summary>
    public const string KernelVersionPath = "proc/sys/kernel/version";

    /// <summary>Docker creates /.dockerenv and Podman /run/.containerenv in every container.</summary>
    public static readonly IReadOnlyList<string> ContainerMarkers = [".dockerenv", "run/.containerenv"];

    /// <summary>The kernel limits both strings to 64 characters (__NEW_UTS_LEN); leave room for a newline.</summary>
    private const int MaxProcBytes = 4096;

    private readonly HostRoot _root;
    private readonly string? _machineOverride;
    private readonly ILogger<KernelIdentityProbe> _logger;

    // A pass, the prefetch and the demand report each probe: the identity is logged when it is first read or
    // changes, not once per caller (it was logged twice per pass).
    private KernelIdentity? _lastLogged;

    public KernelIdentityProbe(HostRoot root, IOptions<KernelIdentityProbeOptions> options, ILogger<KernelIdentityProbe> logger)
    {
        _root = root;
        _machineOverride = options.Value.Machine;
        _logger = logger;
    }

    public HostIdentity Probe()
    {
        if (!Directory.Exists(_root.Path))
        {
            throw new IdentityException(new IdentityProblem(_root.Path, null, "the host root directory does not exist"));
        }

        var problems = new List<IdentityProblem>();
        var osRelease = Collect(problems, () => OsReleaseReader.Read(_root));
        var distroId = osRelease is null ? null : Collect(problems, () => RequireField(osRelease, OsRelease.IdKey));
        var versionId = osRelease is null ? null : Collect(problems, () => RequireField(osRelease, OsRelease.VersionIdKey));
        var release = Collect(problems, () => ReadProcValue(KernelReleasePath));
        var version = Collect(problems, () => ReadProcValue(KernelVersionPath));
        var machine = Collect(problems, () => _machineOverride ?? UnameMachine.Read());
        if (problems.Count > 0)
        {
            throw new IdentityException(problems);
        }

        var kernel = new KernelIdentity(distroId!, versionId!, machine!, release!, version!);
        KernelIdentityValidator.Validate(kernel, Origins(osRelease!.SourcePath));
        if (osRelease.RepeatedKeys.Count > 0)
        {
            IdentityLog.OsReleaseRepeatsKeys(_logger, osRelease.SourcePath, string.Join(", ", osRelease.RepeatedKeys.Distinct()));
        }

        var marker = ContainerMarkers.FirstOrDefault(IsFileUnderRoot);
        if (marker is not null)
        {
            IdentityLog.HostRootLooksLikeContainer(_logger, _root.Path, _root.Display(marker));
        }

        if (Interlocked.Exchange(ref _lastLogged, kernel) != kernel)
        {
            IdentityLog.IdentityRead(
                _logger, kernel.DistroId, kernel.DistroVersionId, kernel.Arch, kernel.KernelRelease, kernel.KernelVersion, osRelease.SourcePath);
        }
        return new HostIdentity(
            kernel,
            _root.Path,
            osRelease.SourcePath,
            osRelease.Name,
            osRelease.PrettyName,
            KernelFlavour.Guess(kernel.KernelRelease),
            marker is null ? null : _root.Display(marker));
    }

    /// <summary>
    /// ID and VERSION_ID are required. os-release(5) lets readers assume <c>ID=linux</c>, and Debian
    /// testing/unstable and rolling distributions (Arch) set no VERSION_ID at all; the agent refuses
    /// rather than guessing (from VERSION_CODENAME, BUILD_ID or a default), because a variant must name
    /// one exact release and a guessed one would match modules built for another system.
    /// </summary>
    private static string RequireField(OsRelease osRelease, string key)
    {
        var value = osRelease.Get(key);
        if (value is null)
        {
            throw new IdentityException(new IdentityProblem(osRelease.SourcePath, key, MissingFieldProblem(osRelease, key)));
        }

        if (value.Length == 0)
        {
            throw new IdentityException(new IdentityProblem(osRelease.SourcePath, key, "is set but empty"));
        }

        return value;
    }

    private static string MissingFieldProblem(OsRelease osRelease, string key)
    {
        if (key == OsRelease.IdKey)
        {
            return "is not set; os-release(5) allows assuming ID=linux, but a variant for a generic \"linux\" names no "
                + "real distribution, so the agent does not assume it";
        }

        var seen = osRelease.PrettyName is null ? string.Empty : $" (PRETTY_NAME=\"{osRelease.PrettyName}\")";
        return $"is not set{seen}. A variant names the distribution release exactly (ID and VERSION_ID); Debian "
            + "testing/unstable and rolling distributions such as Arch Linux have no VERSION_ID, and the agent does "
            + "not substitute VERSION_CODENAME, BUILD_ID or a guess, so no variant can be named for this host";
    }

    /// <summary>The kernel ends the value with one newline; everything before it is kept byte for byte.</summary>
    private string ReadProcValue(string relativePath)
    {
        var display = _root.Display(relativePath);
        var text = HostFileReader.ReadTextIfExists(_root, relativePath, MaxProcBytes)
            ?? throw new IdentityException(new IdentityProblem(display, null, _root.IsSystemRoot
                ? "does not exist (is /proc mounted?)"
                : $"does not exist: the host's /proc must be visible at {_root.Display("proc")} (in a container, mount the host's /proc there)"));
        var value = text.EndsWith('\n') ? text[..^1] : text;
        if (value.Contains('\n', StringComparison.Ordinal))
        {
            throw new IdentityException(new IdentityProblem(display, null, "holds more than one line; expected exactly one"));
        }

        if (value.Length == 0)
        {
            throw new IdentityException(new IdentityProblem(display, null, "is empty"));
        }

        return value;
    }

    private bool IsFileUnderRoot(string relativePath)
    {
        try
        {
            return File.Exists(_root.Resolve(relativePath));
        }
        catch (IOException)
        {
            return false;
        }
    }

    private Dictionary<string, IdentityProblem> Origins(string osReleasePath) => new(StringComparer.Ordinal)
    {
        [VariantFieldNames.DistroId] = new(osReleasePath, OsRelease.IdKey, string.Empty),
        [VariantFieldNames.DistroVersionId] = new(osReleasePath, OsRelease.VersionIdKey, string.Empty),
        [VariantFieldNames.Arch] = new(_machineOverride is null ? UnameMachine.Source : "configured machine override", "machine", string.Empty),
        [VariantFieldNames.KernelRelease] = new(_root.Display(KernelReleasePath), null, string.Empty),
        [VariantFieldNames.KernelVersion] = new(_root.Display(KernelVersionPath), null, string.Empty),
    };

    private static T? Collect<T>(List<IdentityProblem> problems, Func<T> read)
        where T : class
    {
        try
        {
            return read();
        }
        catch (IdentityException e)
        {
            problems.AddRange(e.Problems);
            return null;
        }
    }
}
