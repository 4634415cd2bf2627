using System.Buffers;
using System.Text;
using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Matrix.Planning;

/// <summary>
/// The digests that identify matrix entries and their builds (docs/catalog-format.md, "Snapshot"): each is the
/// lower-case hex SHA-256 of a small UTF-8 text with a versioned first line and one field per line, so a
/// definition can evolve without two meanings ever sharing a digest.
/// </summary>
internal static class BuildKeys
{
    /// <summary>The entry's identity: the exact kernel and the driver's name (not its version: a bump changes the entry).</summary>
    public static string EntryId(KernelIdentity kernel, string driverName)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        return Of($"kernelagent-matrix-entry/v1\n{kernel.DistroId}\n{kernel.DistroVersionId}\n{kernel.Arch}\n{kernel.KernelRelease}\n{kernel.KernelVersion}\n{driverName}\n");
    }

    /// <summary>The store's content key of kernel + driver (<see cref="ArtifactVariant.ContentKey"/>).</summary>
    /// <exception cref="VariantValidationException">The fields are not a valid variant.</exception>
    public static string VariantKey(KernelIdentity kernel, DriverIdentity driver) => ArtifactVariant.Create(kernel, driver).ContentKey;

    /// <summary>Over the header packages sorted by name and architecture: "name version architecture sha256" per line.</summary>
    public static string Headers(IReadOnlyList<CatalogPackage> packages)
    {
        var text = new StringBuilder("kernelagent-headers/v1\n");
        foreach (var p in packages.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Architecture, StringComparer.Ordinal))
        {
            text.Append(p.Name).Append(' ').Append(p.Version).Append(' ').Append(p.Architecture).Append(' ').Append(p.Sha256).Append('\n');
        }

        return Of(text.ToString());
    }

    public static string Toolchain(string description) => Of($"kernelagent-toolchain/v1\n{description}\n");

    /// <summary>The build key: the variant plus every input digest.</summary>
    public static string Build(string variantKey, BuildInputs inputs) =>
        Of($"kernelagent-build/v1\nvariant={variantKey}\nheaders={inputs.Headers}\ndriver-source={inputs.DriverSource}\ntoolchain={inputs.Toolchain}\n");

    private static string Of(string text)
    {
        var utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            return Digests.Sha256Hex(utf8.AsSpan(0, Encoding.UTF8.GetBytes(text, utf8)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }
}
