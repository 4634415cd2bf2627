using KernelAgent.Store.Layout;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.Agent.Loading;

/// <summary>
/// Installs verified modules as <c>lib/modules/&lt;release&gt;/extra/&lt;name&gt;.ko</c> under the host root and runs
/// depmod, so <c>modprobe &lt;name&gt;</c> finds the module at the next boot even before the agent starts; then
/// records the installation for <c>kernel-agent status</c>.
/// </summary>
internal sealed class ModuleInstaller : IModuleInstaller
{
    /// <summary>The mode of the kernel's own modules: root writes, everyone reads (modinfo runs unprivileged).</summary>
    private const UnixFileMode ModuleMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>depmod(8)'s default search puts "extra" (and "updates") ahead of the kernel's own tree.</summary>
    private const string ExtraFolder = "extra";

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

    public string ModulePathFor(string moduleName, string release)
    {
        if ((ModuleNames.NameProblem(moduleName) ?? ModuleNames.ReleaseProblem(release)) is { } problem)
        {
            throw new ArgumentException(problem);
        }

        return Path.Join(ReleaseFolder(release), ExtraFolder, moduleName + ".ko");
    }

    public async Task<InstallResult> InstallAsync(ModuleInstallRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (name, release) = (request.ModuleName, request.KernelRelease);
        if ((ModuleNames.NameProblem(name) ?? ModuleNames.ReleaseProblem(release)) is { } problem)
        {
            throw new ModuleInstallException(ModuleNames.Printable(name ?? string.Empty), ModuleNames.Printable(release ?? string.Empty), problem);
        }

        var releaseFolder = ReleaseFolder(release);
        if (!Directory.Exists(releaseFolder))
        {
            throw new ModuleInstallException(name, release,
                $"{releaseFolder} does not exist: kernel {release} is not installed on this host, so nothing would ever load the module");
        }

        var path = ModulePathFor(name, release);
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

        // An identical file that modules.dep does not list means an earlier depmod never finished: run it again.
        var depmodRan = !alreadyThere || !Guard(name, release, releaseFolder, () => IndexLists(releaseFolder, name));
        if (depmodRan)
        {
            var warnings = await _depmod.RunAsync(_options.HostRoot, name, release, cancellationToken);
            if (warnings.Length > 0)
            {
                LoadingLog.DepmodWarned(_logger, release, warnings);
            }
        }

        Guard(name, release, ModulesLoadConf.RelativePath, () => UpdateModulesLoadConf(name));
        var record = UpdateRecord(request, sha256, path);
        var outcome = alreadyThere ? InstallOutcome.AlreadyInstalled : InstallOutcome.Installed;
        if (alreadyThere)
        {
            LoadingLog.ModuleAlreadyInstalled(_logger, name, release, path);
        }
        else
        {
            LoadingLog.ModuleInstalled(_logger, name, release, path, sha256);
        }

        return new InstallResult(outcome, path, depmodRan, record);
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
    private static bool IndexLists(string releaseFolder, string name)
    {
        var index = Path.Join(releaseFolder, "modules.dep");
        if (!File.Exists(index))
        {
            return false;
        }

        var entry = $"{ExtraFolder}/{name}.ko:";
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
