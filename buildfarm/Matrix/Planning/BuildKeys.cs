using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Matrix.Planning;

/// <summary>
/// The digests that identify matrix entries and their builds (docs/catalog-format.md, "Snapshot"). Each is the
/// SHA-256 of a small UTF-8 text with a versioned first line and one field per line, so a definition can evolve
/// without two meanings ever sharing a digest.
/// </summary>
public static class BuildKeys
{
    /// <summary>The entry's identity: the exact kernel and the driver's name (not its version: a bump changes the entry).</summary>
    public static Sha256Digest EntryId(KernelIdentity kernel, string driverName) => DigestText.Begin()
        .Line("kernelagent-matrix-entry/v1")
        .Line(kernel.DistroId).Line(kernel.DistroVersionId).Line(kernel.Arch).Line(kernel.KernelRelease).Line(kernel.KernelVersion)
        .Line(driverName)
        .Digest();

    /// <summary>
    /// The store's content key of kernel + driver (<see cref="ArtifactVariant.ContentKey"/>): the SHA-256 of the canonical
    /// form, written here from its published definition (<see cref="ArtifactVariant.CanonicalHeader"/>, then
    /// <see cref="VariantFieldNames.CanonicalOrder"/>) without building the form as a string. The planner checks it against
    /// <see cref="ArtifactVariant"/> itself, and the tests compare the two.
    /// </summary>
    /// <exception cref="InvalidOperationException">The canonical order names a field this version does not know.</exception>
    public static Sha256Digest VariantKey(KernelIdentity kernel, DriverIdentity driver)
    {
        var text = DigestText.Begin().Line(ArtifactVariant.CanonicalHeader);
        foreach (var field in VariantFieldNames.CanonicalOrder)
        {
            text.Line(field, field switch
            {
                VariantFieldNames.DistroId => kernel.DistroId,
                VariantFieldNames.DistroVersionId => kernel.DistroVersionId,
                VariantFieldNames.Arch => kernel.Arch,
                VariantFieldNames.KernelRelease => kernel.KernelRelease,
                VariantFieldNames.KernelVersion => kernel.KernelVersion,
                VariantFieldNames.DriverName => driver.Name,
                VariantFieldNames.DriverVersion => driver.Version,
                _ => throw new InvalidOperationException($"The variant's canonical form has a field '{field}' this planner does not know."),
            });
        }

        return text.Digest();
    }

    /// <summary>Over the header packages sorted by name and architecture: "name version architecture sha256" per line.</summary>
    public static Sha256Digest Headers(IReadOnlyList<CatalogPackage> packages)
    {
        var sorted = packages.ToArray();
        Array.Sort(sorted, static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Architecture, b.Architecture);
        });
        var text = DigestText.Begin().Line("kernelagent-headers/v1");
        foreach (var package in sorted)
        {
            text.Append(package.Name).Append(' ').Append(package.Version).Append(' ').Append(package.Architecture).Append(' ').Append(package.Sha256).Append('\n');
        }

        return text.Digest();
    }

    public static Sha256Digest Toolchain(string description) => DigestText.Begin().Line("kernelagent-toolchain/v1").Line(description).Digest();

    /// <summary>The build key: the variant plus every input digest.</summary>
    public static Sha256Digest Build(Sha256Digest variantKey, BuildInputs inputs) => DigestText.Begin()
        .Line("kernelagent-build/v1")
        .Line("variant", variantKey)
        .Line("headers", inputs.Headers)
        .Line("driver-source", inputs.DriverSource)
        .Line("toolchain", inputs.Toolchain)
        .Digest();
}
