using KernelAgent.BuildFarm.Drivers.Dkms;

namespace KernelAgent.BuildFarm.Drivers;

/// <summary>What <c>drivers add</c> and <c>drivers check</c> learn from a source without building it.</summary>
/// <param name="Kind">Folder, tarball or .deb.</param>
/// <param name="Sha256">The digest the registration must carry.</param>
/// <param name="Precheck">The static look at the tree (dkms.conf or plain kbuild).</param>
/// <param name="PackageDepends">A .deb's Depends (without dkms), as build needs.</param>
/// <param name="TreeName">The tree's folder name in a .deb (usr/src/&lt;name&gt;-&lt;version&gt;), else null.</param>
internal sealed record DriverSourceInspection(
    DriverSourceKind Kind,
    string Sha256,
    DkmsConfPrecheck.Result Precheck,
    IReadOnlyList<string> PackageDepends,
    string? TreeName)
{
    /// <summary>Digests the source and looks at its tree (a tarball or .deb is unpacked into a scratch folder first).</summary>
    /// <exception cref="DriverSourceException">The source is missing or unreadable.</exception>
    public static async Task<DriverSourceInspection> InspectAsync(string source, CancellationToken cancellationToken)
    {
        var kind = DriverRegistrations.KindOf(source);
        if (kind == DriverSourceKind.Folder)
        {
            return Directory.Exists(source)
                ? new DriverSourceInspection(kind, DriverSourceDigest.ComputeForFolder(source), DkmsConfPrecheck.Check(source), [], null)
                : throw new DriverSourceException($"Driver source folder '{source}' does not exist.");
        }

        var scratch = Directory.CreateTempSubdirectory("kernel-buildfarm-inspect-");
        try
        {
            var tree = Path.Join(scratch.FullName, "tree");
            Directory.CreateDirectory(tree);
            if (kind == DriverSourceKind.Tarball)
            {
                var sha256 = await DriverSourceCopier.CopyTarballAsync(source, tree, cancellationToken);
                return new DriverSourceInspection(kind, sha256, DkmsConfPrecheck.Check(tree), [], null);
            }

            var (_, _, depends) = await DebianDkmsPackage.ReadControlAsync(source, cancellationToken);
            var treeName = await DebianDkmsPackage.TreeNameAsync(source, cancellationToken);
            var digest = await DebianDkmsPackage.CopyAsync(source, tree, cancellationToken);
            return new DriverSourceInspection(kind, digest, DkmsConfPrecheck.Check(tree), depends, treeName);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }
}
