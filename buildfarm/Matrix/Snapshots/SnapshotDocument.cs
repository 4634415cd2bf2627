using KernelAgent.BuildFarm.Matrix.Planning;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Matrix.Snapshots;

/// <summary>A snapshot as its JSON document has it (docs/catalog-format.md, "Snapshot", v1): flat entries, named toolchains.</summary>
internal sealed record SnapshotDocument(
    string Format, string Id, string PolicyName, DateTimeOffset CreatedAt, string? Previous, string? Run, string Policy)
{
    /// <summary>Written for tools; a reader recomputes it from <see cref="Policy"/>.</summary>
    public string? PolicyDigest { get; init; }

    public IReadOnlyList<SnapshotToolchain> Toolchains { get; init; } = [];

    public IReadOnlyList<SnapshotEntry> Entries { get; init; } = [];

    public static SnapshotDocument From(MatrixSnapshot snapshot)
    {
        var h = snapshot.Header;
        return new SnapshotDocument(SnapshotHeader.Format, h.Id, h.PolicyName, h.CreatedAt, h.PreviousId, h.RunId, h.PolicyJson)
        {
            PolicyDigest = h.PolicyDigest,
            Toolchains = [.. h.Toolchains.OrderBy(t => t.Value, StringComparer.Ordinal).Select(t => new SnapshotToolchain(t.Key, t.Value))],
            Entries = [.. snapshot.Entries.Select(SnapshotEntry.From)],
        };
    }

    /// <exception cref="MatrixDocumentException">Another format, a null item, or a digest that is not 64 lower-case hex digits.</exception>
    public MatrixSnapshot ToSnapshot(string documentName)
    {
        if (Format != SnapshotHeader.Format)
        {
            throw new MatrixDocumentException($"{documentName}: is a '{Format}' document, not a {SnapshotHeader.Format} snapshot");
        }

        // Nullable annotations are enforced on constructor parameters, not on these optional properties or array items.
        if (Toolchains is null || Entries is null)
        {
            throw new MatrixDocumentException($"{documentName}: 'toolchains' or 'entries' is null");
        }

        var toolchains = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var toolchain in Toolchains)
        {
            toolchains[Digest(toolchain?.Digest, "a toolchain", documentName)] = toolchain!.Description;
        }

        var entries = new List<MatrixEntry>(Entries.Count);
        for (var i = 0; i < Entries.Count; i++)
        {
            var e = Entries[i] ?? throw new MatrixDocumentException($"{documentName}: entry {i} is null");
            string Checked(string value) => Digest(value, $"entry {i}", documentName);
            entries.Add(new MatrixEntry(
                Checked(e.Id),
                new KernelIdentity(e.Distro, e.DistroVersion, e.Arch, e.Release, e.Build),
                new DriverIdentity(e.Driver, e.DriverVersion),
                new BuildInputs(Checked(e.Headers), Checked(e.DriverSource), Checked(e.Toolchain)),
                e.Source == "demand" ? EntrySource.Demand : EntrySource.Policy)
            {
                VariantKey = Checked(e.VariantKey),
                BuildKey = Checked(e.BuildKey),
            });
        }

        return new MatrixSnapshot(new SnapshotHeader(Id, PolicyName, CreatedAt, Previous, Run, Policy, toolchains), entries);
    }

    private static string Digest(string? value, string where, string documentName) =>
        Digests.IsSha256Hex(value) ? value! : throw new MatrixDocumentException($"{documentName}: {where} has '{value}' where a sha256 (64 lower-case hex digits) belongs");
}
