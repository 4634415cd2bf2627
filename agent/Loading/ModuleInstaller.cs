using KernelAgent.Store.Layout;
using KernelAgent.Store.Modules;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.Agent.Loading;

/// <summary>
/// Installs verified modules as <c>lib/modules/&lt;release&gt;/&lt;location&gt;/&lt;name&gt;.ko</c> under the host root (DKMS's
/// <c>updates/dkms</c> unless the driver says otherwise) and runs depmod once per set, so <c>modprobe &lt;name&gt;</c> finds the module at the next boot even before the agent starts; then
/// records the installation for <c>kernel-agent status</c>.
/// </summary>
internal sealed class ModuleInstaller : IModuleInstaller
{
    /// <summary>The mode of the kernel's own modules: root writes, everyone reads (modinfo runs unprivileged).</summary>
    private const UnixFileMode ModuleMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly ModuleInstallerOptions _options;
    private readonly DepmodRunner _depmod;
    private readonly IInstalledModuleStore _records;
    private readonly TimeProvider _time;
    private readonly ILogger<ModuleInstaller> _logger;

    public ModuleInstaller(
        IOptions<ModuleInstallerOptions> options, IInstalledModuleStore records, TimeProvider time, ILogger<ModuleInstaller> logger)
    {
        _options = options.Value;
        if (!Path.IsPathFullyQualified(_options.HostRoot))
        {
            throw new ArgumentException($"the host root '{_options.HostRoot}' must be an absolute path", nameof(options));
        }

        _depmod = new DepmodRunner(_options.DepmodPath, _options.DepmodTimeout);
        _records = records;
        _time = time;
        _logger = logger;
    }

    public string ModulePathFor(string moduleName, string release, string installLocation = ModuleInstallLocation.Default)
    {
        if ((ModuleNames.NameProblem(moduleName) ?? ModuleNames.ReleaseProblem(release) ?? ModuleInstallLocation.Problem(installLocation)) is { } problem)
        {
            throw new ArgumentException(problem);
        }

        return Path.Join(ReleaseFolder(release), installLocation, moduleName + ".ko");
    }

    public async Task<InstallResult> InstallAsync(ModuleInstallRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (await InstallSetAsync([request], cancellationToken))[0];
    }

    public async Task<IReadOnlyList<InstallResult>> InstallSetAsync(IReadOnlyList<ModuleInstallRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
        {
            throw new ArgumentException("a module set has at least one module", nameof(requests));
        }

        // Every name, release and location is checked before anything is written: a set is installed whole or not begun.
        foreach (var r in requests)
        {
            if ((ModuleNames.NameProblem(r.ModuleName) ?? ModuleNames.ReleaseProblem(r.KernelRelease) ?? ModuleInstallLocation.Problem(r.InstallLocation)) is { } problem)
            {
                throw new ModuleInstallException(ModuleNames.Printable(r.ModuleName ?? string.Empty), ModuleNames.Printable(r.KernelRelease ?? string.Empty), problem);
            }
        }

        var release = requests[0].KernelRelease;
        var first = requests[0].ModuleName;
        if (requests.FirstOrDefault(r => r.KernelRelease != release) is { } other)
        {
            throw new ModuleInstallException(other.ModuleName, other.KernelRelease, $"a module set is installed for one kernel, not {release} and {other.KernelRelease}");
        }

        var releaseFolder = ReleaseFolder(release);
        if (!Directory.Exists(releaseFolder))
        {
            throw new ModuleInstallException(first, release,
                $"{releaseFolder} does not exist: kernel {release} is not installed on this host, so nothing would ever load the module");
        }

        var written = new List<(ModuleInstallRequest Request, string Path, string Sha256, bool AlreadyThere)>(requests.Count);
        var movedAway = false;
        foreach (var request in requests)
        {
            var name = request.ModuleName;
            var path = ModulePathFor(name, release, request.InstallLocation);
            movedAway |= Guard(name, release, path, () => RemoveEarlierCopy(request, path));
            var sha256 = Digests.Sha256Hex(request.ModuleBytes.Span);
            var alreadyThere = Guard(name, release, path, () => HasDigest(path, sha256));
            Guard(name, release, path, () =>
            {
                if (alreadyThere)
                {
                    EnsureMode(path);
                }
                else
                {
                    AtomicFile.Write(path, request.ModuleBytes.Span, ModuleMode);
                }
            });
            written.Add((request, path, sha256, alreadyThere));
        }

        // depmod runs once for the set. An identical file that modules.dep does not list means an earlier depmod never
        // finished: run it again.
        var depmodRan = movedAway || written.Any(w => !w.AlreadyThere)
            || written.Any(w => !Guard(w.Request.ModuleName, release, releaseFolder, () => IndexLists(releaseFolder, w.Request.InstallLocation, w.Request.ModuleName)));
        if (depmodRan)
        {
            var warnings = await _depmod.RunAsync(_options.HostRoot, first, release, cancellationToken);
            if (warnings.Length > 0)
            {
                LoadingLog.DepmodWarned(_logger, release, warnings);
            }
        }

        var results = new List<InstallResult>(written.Count);
        foreach (var (request, path, sha256, alreadyThere) in written)
        {
            var name = request.ModuleName;
            Guard(name, release, ModulesLoadConf.RelativePath, () => UpdateModulesLoadConf(name));
            var record = UpdateRecord(request, sha256, path);
            if (alreadyThere)
            {
                LoadingLog.ModuleAlreadyInstalled(_logger, name, release, path);
            }
            else
            {
                LoadingLog.ModuleInstalled(_logger, name, release, path, sha256);
            }

            results.Add(new InstallResult(alreadyThere ? InstallOutcome.AlreadyInstalled : InstallOutcome.Installed, path, depmodRan, record));
        }

        return results;
    }

    /// <summary>
    /// Removes the file an earlier install of this module left in another folder (<c>extra/</c> before layout v2, or a
    /// driver whose install location changed), so that depmod and modprobe see one file per module. Only a path the
    /// agent's own record names, under this kernel's folder, is ever removed.
    /// </summary>
    private bool RemoveEarlierCopy(ModuleInstallRequest request, string path)
    {
        string? earlier;
        try
        {
            earlier = _records.Read(request.ModuleName, request.KernelRelease)?.ModulePath;
        }
        catch (ModuleInstallException)
        {
            return false;
        }

        var releaseFolder = ReleaseFolder(request.KernelRelease) + "/";
        if (earlier is null || earlier == path || !earlier.StartsWith(releaseFolder, StringComparison.Ordinal)
            || !earlier.EndsWith($"/{request.ModuleName}.ko", StringComparison.Ordinal) || !File.Exists(earlier))
        {
            return false;
        }

        File.Delete(earlier);
        LoadingLog.ModuleMoved(_logger, request.ModuleName, request.KernelRelease, earlier, path);
        return true;
    }

    private static bool HasDigest(string path, string sha256)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        using var stream = File.OpenRead(path);
        return Digests.Sha256Hex(stream) == sha256;
    }

    private static void EnsureMode(string path)
    {
        if (!OperatingSystem.IsWindows() && File.GetUnixFileMode(path) != ModuleMode)
        {
            File.SetUnixFileMode(path, ModuleMode);
        }
    }

    /// <summary>depmod(8) writes modules.dep lines "&lt;path relative to the release folder&gt;: &lt;dependencies&gt;".</summary>
    private static bool IndexLists(string releaseFolder, string location, string name)
    {
        var index = Path.Join(releaseFolder, "modules.dep");
        if (!File.Exists(index))
        {
            return false;
        }

        var entry = $"{location}/{name}.ko:";
        return File.ReadLines(index).Any(line => line.StartsWith(entry, StringComparison.Ordinal));
    }

    private static void Guard(string name, string release, string path, Action step) =>
        Guard(name, release, path, () =>
        {
            step();
            return true;
        });

    /// <summary>Turns file system failures into the installer's exception, naming the file.</summary>
    private static T Guard<T>(string name, string release, string path, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModuleInstallException(name, release, $"{path}: {e.Message}", e);
        }
    }

    private string ReleaseFolder(string release) => Path.Join(_options.HostRoot, "lib/modules", release);

    private void UpdateModulesLoadConf(string name)
    {
        if (_options.WriteModulesLoadConf)
        {
            if (ModulesLoadConf.Add(_options.HostRoot, name))
            {
                LoadingLog.ModulesLoadConfWritten(_logger, name, Path.Join(_options.HostRoot, ModulesLoadConf.RelativePath));
            }
        }
        else if (ModulesLoadConf.Remove(_options.HostRoot))
        {
            LoadingLog.ModulesLoadConfRemoved(_logger, Path.Join(_options.HostRoot, ModulesLoadConf.RelativePath));
        }
    }

    private InstalledModuleRecord UpdateRecord(ModuleInstallRequest request, string sha256, string path)
    {
        InstalledModuleRecord? previous;
        try
        {
            previous = _records.Read(request.ModuleName, request.KernelRelease);
        }
        catch (ModuleInstallException e)
        {
            // A damaged record must not block installing; the fresh record replaces it.
            LoadingLog.InstallationRecordReplaced(_logger, request.ModuleName, request.KernelRelease, e.Message);
            previous = null;
        }

        var installedAt = previous is not null && previous.Sha256 == sha256 ? previous.InstalledAt : _time.GetUtcNow();
        var record = new InstalledModuleRecord(
            request.ModuleName, request.KernelRelease, sha256, request.AttestationSha256, request.VariantKey, path, installedAt);
        if (record != previous)
        {
            _records.Write(record);
        }

        return record;
    }
}
