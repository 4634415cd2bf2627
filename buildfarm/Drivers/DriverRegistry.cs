using System.Text.RegularExpressions;
using KernelAgent.Store.Variants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Drivers;

internal sealed partial class DriverRegistry : IDriverRegistry
{
    private readonly ILogger<DriverRegistry> _logger;

    public DriverRegistry(IOptions<DriverRegistryOptions> options, ILogger<DriverRegistry> logger)
    {
        _logger = logger;
        var baseDirectory = options.Value.BaseDirectory ?? Environment.CurrentDirectory;
        Drivers = [.. options.Value.Drivers.Select((registration, index) => ToRegisteredDriver(registration, index, baseDirectory))];
        var duplicate = Drivers.GroupBy(d => (d.Name, d.Version)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new DriverSourceException($"Driver registry: {duplicate.Key.Name} {duplicate.Key.Version} is registered more than once.");
        }
    }

    public IReadOnlyList<RegisteredDriver> Drivers { get; }

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
            var actual = driver.Kind == DriverSourceKind.Tarball
                ? await DriverSourceCopier.CopyTarballAsync(driver.SourcePath, destination, cancellationToken)
                : DriverSourceCopier.CopyFolder(driver.SourcePath, destination);
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

    private static RegisteredDriver ToRegisteredDriver(DriverRegistration registration, int index, string baseDirectory)
    {
        var where = $"Driver registry entry {index} ('{registration.Name}' '{registration.Version}')";
        // A driver's name and version become variant fields: the registry accepts exactly what the API and the store do.
        // Module names (xt_ACCOUNT) are another rule, KernelModuleName.
        var problems = ArtifactVariant.ValidateDriver(new DriverIdentity(registration.Name, registration.Version));
        if (problems.Count > 0)
        {
            throw new DriverSourceException($"{where}: " + string.Join("; ", problems.Select(p => p.Field switch
            {
                VariantFieldNames.DriverName => $"Name must be a driver name as variants carry it ({p.Problem}; module names such as xt_ACCOUNT are not driver names)",
                _ => $"Version must be a driver version ({p.Problem})",
            })) + ".");
        }

        if (!Sha256Text().IsMatch(registration.Sha256))
        {
            throw new DriverSourceException($"{where}: Sha256 must be 64 hexadecimal digits.");
        }

        if (string.IsNullOrWhiteSpace(registration.Source))
        {
            throw new DriverSourceException($"{where}: Source must name a folder or a .tar.gz file.");
        }

        var path = Path.GetFullPath(registration.Source, baseDirectory);
        var kind = path.EndsWith(".tar.gz", StringComparison.Ordinal) || path.EndsWith(".tgz", StringComparison.Ordinal)
            ? DriverSourceKind.Tarball
            : DriverSourceKind.Folder;
        return new RegisteredDriver(registration.Name, registration.Version, path, kind, registration.Sha256.ToLowerInvariant());
    }

    [GeneratedRegex("^[0-9A-Fa-f]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Text();
}
