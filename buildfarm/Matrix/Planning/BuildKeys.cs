using System.Text;
using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Matrix.Planning;

/// <summary>
/// The digests that identify matrix entries and their builds (docs/catalog-format.md, "Snapshot"). Each is the
/// SHA-256 of a small text with a versioned first line, one field per line, so the definitions can evolve
/// without two meanings ever sharing a digest.
/// </summary>
public static class BuildKeys
{
    /// <summary>The entry's identity: the exact kernel and the driver's name (not its version: a bump changes the entry).</summary>
    public static Sha256Digest EntryId(KernelIdentity kernel, string driverName) => Sha256Digest.OfText(
        $"kernelagent-matrix-entry/v1\n{kernel.DistroId}\n{kernel.DistroVersionId}\n{kernel.Arch}\n{kernel.KernelRelease}\n{kernel.KernelVersion}\n{driverName}\n");

    /// <summary>Over the header packages sorted by name: "name version architecture sha256" per line.</summary>
    public static Sha256Digest Headers(IReadOnlyList<CatalogPackage> packages)
    {
        var text = new StringBuilder("kernelagent-headers/v1\n");
        foreach (var package in packages.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Architecture, StringComparer.Ordinal))
        {
            text.Append(package.Name).Append(' ').Append(package.Version).Append(' ').Append(package.Architecture).Append(' ').Append(package.Sha256).Append('\n');
        }

        return Sha256Digest.OfText(text.ToString());
    }

    public static Sha256Digest Toolchain(string description) => Sha256Digest.OfText("kernelagent-toolchain/v1\n" + description + "\n");

    /// <summary>The build key: the variant plus every input digest.</summary>
    public static Sha256Digest Build(Sha256Digest variantKey, BuildInputs inputs) => Sha256Digest.OfText(
        $"kernelagent-build/v1\nvariant={variantKey}\nheaders={inputs.Headers}\ndriver-source={inputs.DriverSource}\ntoolchain={inputs.Toolchain}\n");
}
