using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Drivers;

/// <summary>
/// The registered drivers: the farm configuration's list plus the conf.d registration files. Every registration is
/// checked at start (all problems at once); afterwards each lookup compares a cheap stamp of the conf.d folder (file
/// names, sizes, modification times) and re-reads it when it changed, so <c>drivers add</c> takes effect without a
/// restart. A changed set with problems is logged and the previous set kept.
/// </summary>
internal sealed class DriverRegistry : IDriverRegistry
{
    private readonly DriverRegistryOptions _options;
    private readonly ILogger<DriverRegistry> _logger;
    private readonly Lock _gate = new();
    private IReadOnlyList<RegisteredDriver> _drivers;
    private string _stamp;

    public DriverRegistry(IOptions<DriverRegistryOptions> options, ILogger<DriverRegistry> logger)
    {
        _options = options.Value;
        _logger = logger;
        _stamp = Stamp();
        var (drivers, problems) = DriverRegistrations.Load(_options);
        if (problems.Count > 0)
        {
            throw new DriverSourceException(string.Join("\n", problems));
        }

        _drivers = drivers;
    }

    public IReadOnlyList<RegisteredDriver> Drivers
    {
        get
        {
            Refresh();
            return _drivers;
        }
    }

    public RegisteredDriver Find(string name, string version) =>
        Drivers.FirstOrDefault(d => d.Name == name && d.Version == version)
        ?? throw new DriverNotRegisteredException(name, version, Drivers);

    public async Task<DriverSource> CopySourceAsync(RegisteredDriver driver, string destination, CancellationToken cancellationToken)
    {
        if (Directory.Exists(destination) || File.Exists(destination))
        {
            throw new DriverSourceException($"Driver {driver.Name} {driver.Version}: the build folder '{destination}' already exists; every build copies its source into a fresh one.");
        }

        Directory.CreateDirectory(destination);
        try
        {
            var actual = driver.Kind switch
            {
                DriverSourceKind.Tarball => await DriverSourceCopier.CopyTarballAsync(driver.SourcePath, destination, cancellationToken),
                DriverSourceKind.DebianPackage => await DebianDkmsPackage.CopyAsync(driver.SourcePath, destination, cancellationToken),
                _ => DriverSourceCopier.CopyFolder(driver.SourcePath, destination),
            };
            if (actual != driver.Sha256)
            {
                DriversLog.DigestMismatch(_logger, driver.Name, driver.Version, driver.SourcePath, driver.Sha256, actual);
                throw new DriverSourceDigestMismatchException(driver, actual);
            }

            DriversLog.SourceCopied(_logger, driver.Name, driver.Version, destination, actual);
            return new DriverSource(driver, destination, actual);
        }
        catch
        {
            Directory.Delete(destination, recursive: true);
            throw;
        }
    }

    private void Refresh()
    {
        var stamp = Stamp();
        if (stamp == _stamp)
        {
            return;
        }

        lock (_gate)
        {
            if (stamp == _stamp)
            {
                return;
            }

            var (drivers, problems) = DriverRegistrations.Load(_options);
            _stamp = stamp;
            if (problems.Count > 0)
            {
                DriversLog.ReloadRefused(_logger, _options.RegistrationDirectory, string.Join(" | ", problems));
                return;
            }

            _drivers = drivers;
            DriversLog.Reloaded(_logger, _options.RegistrationDirectory, drivers.Count);
        }
    }

    private string Stamp()
    {
        var files = DriverRegistrations.Files(_options.RegistrationDirectory);
        return string.Join('\n', files.Select(f =>
        {
            var info = new FileInfo(f);
            return $"{f}\t{(info.Exists ? info.Length : -1)}\t{(info.Exists ? info.LastWriteTimeUtc.Ticks : 0)}";
        }));
    }
}
