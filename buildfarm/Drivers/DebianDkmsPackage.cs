using KernelAgent.BuildFarm.Compilation;

namespace KernelAgent.BuildFarm.Drivers;

/// <summary>
/// A Debian <c>*-dkms</c> package as a driver source: the DKMS tree is its usr/src/&lt;name&gt;-&lt;version&gt;/,
/// and the digest is the sha256 of the .deb. Unpacked with <c>dpkg-deb</c> (Debian package dpkg).
/// </summary>
internal static class DebianDkmsPackage
{
    private static readonly TimeSpan _timeout = TimeSpan.FromMinutes(2);

    /// <summary>Copies the .deb while hashing it, unpacks that copy and moves its one usr/src tree into <paramref name="destination"/>.</summary>
    /// <returns>The sha256 of the .deb bytes that were unpacked.</returns>
    public static async Task<string> CopyAsync(string package, string destination, CancellationToken cancellationToken)
    {
        if (!File.Exists(package))
        {
            throw new DriverSourceException($"Driver source package '{package}' does not exist.");
        }

        var copy = Path.Join(destination, ".source.deb");
        var extracted = Path.Join(destination, ".source");
        var sha256 = await HashingCopy.CopyAsync(package, copy, cancellationToken);

        try
        {
            await RunAsync(["-x", copy, extracted], package, cancellationToken);
            var tree = SourceTree(extracted, package);
            foreach (var (relative, full) in DriverSourceDigest.Entries(tree))
            {
                var target = Path.Join(destination, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(full, target);
            }
        }
        finally
        {
            File.Delete(copy);
            if (Directory.Exists(extracted))
            {
                Directory.Delete(extracted, recursive: true);
            }
        }

        return sha256;
    }

    /// <summary>The package's name, version and the Debian packages its Depends names (first alternatives, without dkms itself).</summary>
    public static async Task<(string Package, string Version, IReadOnlyList<string> Depends)> ReadControlAsync(string package, CancellationToken cancellationToken)
    {
        var fields = await RunAsync(["-f", package, "Package", "Version", "Depends"], package, cancellationToken);
        string Field(string name) =>
            fields.FirstOrDefault(l => l.StartsWith(name + ": ", StringComparison.Ordinal))?[(name.Length + 2)..].Trim() ?? string.Empty;
        var depends = Field("Depends").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(group => group.Split('|')[0].Trim().Split([' ', '('], 2)[0].Split(':')[0])
            .Where(name => name.Length > 0 && name != "dkms")
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return (Field("Package"), Field("Version"), depends);
    }

    /// <summary>The name of the package's one usr/src folder (e.g. "jool-dkms-4.1.9"), from its file list.</summary>
    public static async Task<string?> TreeNameAsync(string package, CancellationToken cancellationToken)
    {
        var lines = await RunAsync(["-c", package], package, cancellationToken);
        return lines
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: > 5 } fields ? fields[5] : string.Empty)
            .Select(p => p.TrimStart('.').Split('/', StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length >= 3 && parts[0] == "usr" && parts[1] == "src")
            .Select(parts => parts[2])
            .Distinct(StringComparer.Ordinal)
            .SingleOrDefault();
    }

    /// <summary>The one DKMS tree under usr/src of an unpacked package.</summary>
    public static string SourceTree(string extracted, string package)
    {
        var usrSrc = Path.Join(extracted, "usr", "src");
        var trees = Directory.Exists(usrSrc) ? Directory.GetDirectories(usrSrc) : [];
        return trees.Length == 1
            ? trees[0]
            : throw new DriverSourceException(
                $"Driver source package '{package}' must hold exactly one folder usr/src/<name>-<version>/ (a *-dkms package); it holds {trees.Length}.");
    }

    private static async Task<IReadOnlyList<string>> RunAsync(IReadOnlyList<string> arguments, string package, CancellationToken cancellationToken)
    {
        var runner = new ProcessRunner(TimeProvider.System);
        ProcessResult result;
        try
        {
            result = await runner.RunAsync(new ProcessInvocation("dpkg-deb", arguments, _timeout), cancellationToken);
        }
        catch (ExternalToolException e)
        {
            throw new DriverSourceException($"Driver source package '{package}' cannot be read: {e.Message} (install the Debian package dpkg).", e);
        }

        return result.Succeeded
            ? result.OutputLines
            : throw new DriverSourceException($"Driver source package '{package}' cannot be read: dpkg-deb {arguments[0]} failed: {result.Tail(5)}");
    }
}
