using System.Text.Json;
using System.Text.RegularExpressions;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Drivers;

/// <summary>
/// Reads and checks every registration at once: the farm configuration's list and the conf.d files. Used by the
/// registry at start and on every change, and by <c>kernel-buildfarm drivers check</c>.
/// </summary>
internal static partial class DriverRegistrations
{
    /// <summary>The drivers and every problem found (each naming its entry); problems leave the entry out.</summary>
    public static (IReadOnlyList<RegisteredDriver> Drivers, IReadOnlyList<string> Problems) Load(DriverRegistryOptions options)
    {
        var baseDirectory = options.BaseDirectory ?? Environment.CurrentDirectory;
        var problems = new List<string>();
        var drivers = new List<RegisteredDriver>();
        for (var i = 0; i < options.Drivers.Count; i++)
        {
            Add(options.Drivers[i], $"Driver registry entry {i}", baseDirectory, null, drivers, problems);
        }

        foreach (var file in Files(options.RegistrationDirectory))
        {
            DriverRegistration? registration;
            try
            {
                registration = JsonSerializer.Deserialize(File.ReadAllBytes(file), DriverRegistrationJsonContext.Default.DriverRegistration);
            }
            catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
            {
                problems.Add($"Driver registration '{file}': cannot be read: {e.Message}");
                continue;
            }

            if (registration is null)
            {
                problems.Add($"Driver registration '{file}': is empty (null).");
                continue;
            }

            // A conf.d file's relative source is relative to the file itself.
            Add(registration, $"Driver registration '{file}'", Path.GetDirectoryName(file)!, file, drivers, problems);
        }

        foreach (var duplicate in drivers.GroupBy(d => (d.Name, d.Version)).Where(g => g.Count() > 1))
        {
            problems.Add($"Driver registry: {duplicate.Key.Name} {duplicate.Key.Version} is registered more than once " +
                         $"({string.Join(", ", duplicate.Select(d => d.RegisteredIn ?? "the farm configuration"))}).");
        }

        return (drivers, problems);
    }

    /// <summary>The registration files in a conf.d folder, in name order; none when the folder does not exist.</summary>
    public static IReadOnlyList<string> Files(string? directory) =>
        string.IsNullOrEmpty(directory) || !Directory.Exists(directory)
            ? []
            : [.. Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal)];

    /// <summary>The kind a source path names by its ending.</summary>
    public static DriverSourceKind KindOf(string path) =>
        path.EndsWith(".tar.gz", StringComparison.Ordinal) || path.EndsWith(".tgz", StringComparison.Ordinal) ? DriverSourceKind.Tarball
        : path.EndsWith(".deb", StringComparison.Ordinal) ? DriverSourceKind.DebianPackage
        : DriverSourceKind.Folder;

    private static void Add(DriverRegistration registration, string entry, string baseDirectory, string? file, List<RegisteredDriver> drivers, List<string> problems)
    {
        var where = $"{entry} ('{registration.Name}' '{registration.Version}')";
        var found = new List<string>();

        // A registration file may leave lists out or write null for them.
        IList<string> needs = registration.BuildDepends is { } listed ? [.. listed.Select(p => p ?? string.Empty)] : [];

        // A driver's name and version become variant fields: the registry accepts exactly what the API and the store do.
        // Module names (xt_ACCOUNT) are another rule, KernelModuleName.
        foreach (var p in ArtifactVariant.ValidateDriver(new DriverIdentity(registration.Name ?? string.Empty, registration.Version ?? string.Empty)))
        {
            found.Add(p.Field == VariantFieldNames.DriverName
                ? $"Name must be a driver name as variants carry it ({p.Problem}; module names such as xt_ACCOUNT are not driver names)"
                : $"Version must be a driver version ({p.Problem})");
        }

        if (!Sha256Text().IsMatch(registration.Sha256 ?? string.Empty))
        {
            found.Add("Sha256 must be 64 hexadecimal digits");
        }

        if (string.IsNullOrWhiteSpace(registration.Source))
        {
            found.Add("Source must name a folder, a .tar.gz file or a *-dkms .deb");
        }

        foreach (var package in needs.Where(p => !DebianPackageName().IsMatch(p)))
        {
            found.Add($"BuildDepends: '{package}' is not a Debian package name");
        }

        if (found.Count > 0)
        {
            problems.Add($"{where}: {string.Join("; ", found)}.");
            return;
        }

        var path = Path.GetFullPath(registration.Source, baseDirectory);
        drivers.Add(new RegisteredDriver(registration.Name!, registration.Version!, path, KindOf(path), registration.Sha256!.ToLowerInvariant(),
            [.. needs], registration.AllowUnlistedModules, file));
    }

    [GeneratedRegex("^[0-9A-Fa-f]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Text();

    [GeneratedRegex("^[a-z0-9][a-z0-9+.-]+(:[a-z0-9-]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DebianPackageName();
}
