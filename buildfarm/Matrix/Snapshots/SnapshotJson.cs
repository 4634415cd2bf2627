using System.Text.Json;
using KernelAgent.BuildFarm.Matrix.Json;
using KernelAgent.BuildFarm.Matrix.Planning;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Matrix.Snapshots;

/// <summary>
/// The gzip JSON snapshot of v1 (docs/catalog-format.md, "Snapshot"), read as a stream: snapshots written before v2 stay
/// readable. The writer is kept so tests can make such snapshots.
/// </summary>
internal static class SnapshotJson
{
    public static void Write(Stream stream, MatrixSnapshot snapshot)
    {
        // Many small writes: callers hand in a buffered stream (a FileStream with a buffer, a MemoryStream).
        using (var json = new JsonRecordWriter(stream))
        {
            var header = snapshot.Header;
            json.Property("format", j => j.WriteStringValue(SnapshotHeader.Format));
            json.Property("id", j => j.WriteStringValue(header.Id));
            json.Property("policyName", j => j.WriteStringValue(header.PolicyName));
            json.Property("createdAt", j => j.WriteStringValue(header.CreatedAt));
            json.Property("previous", j => WriteNullable(j, header.PreviousId));
            json.Property("run", j => WriteNullable(j, header.RunId));
            json.Property("policy", j => j.WriteStringValue(header.PolicyJson));
            json.Property("policyDigest", j => j.WriteStringValue(header.PolicyDigest.ToString()));
            json.Records("toolchains", header.Toolchains.OrderBy(t => t.Value, StringComparer.Ordinal), static (j, t) =>
            {
                j.WriteStartObject();
                j.WriteString("digest"u8, t.Key.ToString());
                j.WriteString("description"u8, t.Value);
                j.WriteEndObject();
            });
            json.Records("entries", snapshot.Entries, WriteEntry);
            json.End();
        }
    }

    private static void WriteNullable(Utf8JsonWriter json, string? value)
    {
        if (value is null)
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteStringValue(value);
        }
    }

    /// <summary>Reads the header, handing each entry to <paramref name="visitor"/> as it is read.</summary>
    /// <exception cref="MatrixDocumentException">The document is not a snapshot.</exception>
    public static SnapshotHeader Read(Stream stream, string documentName, ISnapshotEntryVisitor visitor)
    {
        using var json = new JsonTokenStream(stream, documentName);
        var pool = new StringPool();
        json.Expect(JsonTokenType.StartObject);
        string? format = null, id = null, policyName = null, previous = null, run = null, policy = null;
        DateTimeOffset? createdAt = null;
        var toolchains = new Dictionary<Sha256Digest, string>();
        var identities = new Dictionary<(string, string), DriverIdentity>();
        while (json.NextProperty())
        {
            if (json.PropertyIs("format"u8)) { format = json.ReadString(pool); }
            else if (json.PropertyIs("id"u8)) { id = json.ReadString(pool); }
            else if (json.PropertyIs("policyName"u8)) { policyName = json.ReadString(pool); }
            else if (json.PropertyIs("createdAt"u8)) { createdAt = json.ReadTime(); }
            else if (json.PropertyIs("previous"u8)) { previous = json.ReadNullableString(pool); }
            else if (json.PropertyIs("run"u8)) { run = json.ReadNullableString(pool); }
            else if (json.PropertyIs("policy"u8)) { policy = json.ReadString(pool); }
            else if (json.PropertyIs("toolchains"u8)) { ReadToolchains(json, pool, toolchains); }
            else if (json.PropertyIs("entries"u8))
            {
                json.Expect(JsonTokenType.StartArray);
                while (json.NextElement())
                {
                    ReadEntry(json, pool, identities, visitor);
                }
            }
            else { json.SkipValue(); }
        }

        if (format != SnapshotHeader.Format || id is null || policyName is null || createdAt is null || policy is null)
        {
            throw json.Error($"is not a {SnapshotHeader.Format} document (format, id, policyName, createdAt and policy are required)");
        }

        return new SnapshotHeader(id, policyName, createdAt.Value, previous, run, policy, toolchains);
    }

    private static void WriteEntry(Utf8JsonWriter json, MatrixEntry entry)
    {
        json.WriteStartObject();
        json.WriteString("id"u8, entry.Id.ToString());
        json.WriteString("distro"u8, entry.Kernel.DistroId);
        json.WriteString("distroVersion"u8, entry.Kernel.DistroVersionId);
        json.WriteString("arch"u8, entry.Kernel.Arch);
        json.WriteString("release"u8, entry.Kernel.KernelRelease);
        json.WriteString("build"u8, entry.Kernel.KernelVersion);
        json.WriteString("driver"u8, entry.Driver.Name);
        json.WriteString("driverVersion"u8, entry.Driver.Version);
        json.WriteString("variantKey"u8, entry.VariantKey.ToString());
        json.WriteString("buildKey"u8, entry.BuildKey.ToString());
        json.WriteString("headers"u8, entry.Inputs.Headers.ToString());
        json.WriteString("driverSource"u8, entry.Inputs.DriverSource.ToString());
        json.WriteString("toolchain"u8, entry.Inputs.Toolchain.ToString());
        json.WriteString("source"u8, entry.Source == EntrySource.Demand ? "demand" : "policy");
        json.WriteEndObject();
    }

    private static void ReadToolchains(JsonTokenStream json, StringPool pool, Dictionary<Sha256Digest, string> toolchains)
    {
        json.Expect(JsonTokenType.StartArray);
        while (json.NextElement())
        {
            Sha256Digest? digest = null;
            string? description = null;
            while (json.NextProperty())
            {
                if (json.PropertyIs("digest"u8)) { digest = json.ReadDigest(); }
                else if (json.PropertyIs("description"u8)) { description = json.ReadString(pool); }
                else { json.SkipValue(); }
            }

            toolchains[digest ?? throw json.Error("a toolchain lacks its digest")] = description ?? "";
        }
    }

    // "id" comes first (the writer puts it there): once the new matrix's entry with that id is known, the previous
    // entry's strings are compared with its strings instead of being made again.
    private static void ReadEntry(JsonTokenStream json, StringPool pool, Dictionary<(string, string), DriverIdentity> drivers, ISnapshotEntryVisitor visitor)
    {
        MatrixEntry? current = null;
        Sha256Digest? id = null, variantKey = null, buildKey = null, headers = null, driverSource = null, toolchain = null;
        string? distro = null, distroVersion = null, arch = null, release = null, build = null, driver = null, driverVersion = null;
        var source = EntrySource.Policy;
        while (json.NextProperty())
        {
            if (json.PropertyIs("id"u8))
            {
                id = json.ReadDigest();
                current = visitor.Current(id.Value);
            }
            else if (json.PropertyIs("distro"u8)) { distro = Read(json, pool, current?.Kernel.DistroId); }
            else if (json.PropertyIs("distroVersion"u8)) { distroVersion = Read(json, pool, current?.Kernel.DistroVersionId); }
            else if (json.PropertyIs("arch"u8)) { arch = Read(json, pool, current?.Kernel.Arch); }
            else if (json.PropertyIs("release"u8)) { release = Read(json, pool, current?.Kernel.KernelRelease); }
            else if (json.PropertyIs("build"u8)) { build = Read(json, pool, current?.Kernel.KernelVersion); }
            else if (json.PropertyIs("driver"u8)) { driver = Read(json, pool, current?.Driver.Name); }
            else if (json.PropertyIs("driverVersion"u8)) { driverVersion = Read(json, pool, current?.Driver.Version); }
            else if (json.PropertyIs("variantKey"u8)) { variantKey = json.ReadDigest(); }
            else if (json.PropertyIs("buildKey"u8)) { buildKey = json.ReadDigest(); }
            else if (json.PropertyIs("headers"u8)) { headers = json.ReadDigest(); }
            else if (json.PropertyIs("driverSource"u8)) { driverSource = json.ReadDigest(); }
            else if (json.PropertyIs("toolchain"u8)) { toolchain = json.ReadDigest(); }
            else if (json.PropertyIs("source"u8)) { source = json.ReadString(pool) == "demand" ? EntrySource.Demand : EntrySource.Policy; }
            else { json.SkipValue(); }
        }

        if (id is null || distro is null || distroVersion is null || arch is null || release is null || build is null || driver is null
            || driverVersion is null || variantKey is null || buildKey is null || headers is null || driverSource is null || toolchain is null)
        {
            throw json.Error("an entry lacks one of its fields (id, distro, distroVersion, arch, release, build, driver, driverVersion, variantKey, buildKey, headers, driverSource, toolchain)");
        }

        var inputs = new BuildInputs(headers.Value, driverSource.Value, toolchain.Value);
        if (current is not null)
        {
            visitor.Matched(current, new PreviousEntryState(driverVersion, variantKey.Value, buildKey.Value, inputs, source));
            return;
        }

        var driverIdentity = drivers.TryGetValue((driver, driverVersion), out var known) ? known : drivers[(driver, driverVersion)] = new DriverIdentity(driver, driverVersion);
        visitor.Unmatched(new MatrixEntry(id.Value, new KernelIdentity(distro, distroVersion, arch, release, build), driverIdentity, inputs, source, variantKey.Value, buildKey.Value));
    }

    private static string Read(JsonTokenStream json, StringPool pool, string? expected) =>
        expected is null ? json.ReadString(pool) : json.ReadString(pool, expected);
}
