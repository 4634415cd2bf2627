using System.Text.Json;
using KernelAgent.BuildFarm.Matrix.Json;

namespace KernelAgent.BuildFarm.Matrix.Catalog;

/// <summary>
/// Reads and writes the catalog document (docs/catalog-format.md) as a stream, one kernel at a time, so a
/// catalog of 100k kernels never sits in memory as text. Unknown fields are skipped (newer writers may add some).
/// </summary>
internal static class CatalogJson
{
    public static void Write(Stream stream, KernelCatalog catalog)
    {
        // Many small writes: callers hand in a buffered stream (a FileStream with a buffer, a MemoryStream).
        using (var json = new JsonRecordWriter(stream))
        {
            json.Property("format", j => j.WriteStringValue(KernelCatalog.Format));
            json.Property("crawledAt", j => j.WriteStringValue(catalog.CrawledAt));
            json.Records("sources", catalog.Sources, WriteSource);
            json.Records("kernels", catalog.Kernels, WriteKernel);
            json.End();
        }
    }

    /// <exception cref="MatrixDocumentException">The document is not a catalog.</exception>
    public static KernelCatalog Read(Stream stream, string documentName)
    {
        using var json = new JsonTokenStream(stream, documentName);
        var pool = new StringPool();
        var packages = new Dictionary<Sha256Digest, CatalogPackage>();
        var scratch = new List<CatalogPackage>();
        json.Expect(JsonTokenType.StartObject);
        string? format = null;
        DateTimeOffset? crawledAt = null;
        var sources = new List<CatalogSource>();
        var kernels = new List<CatalogKernel>();
        while (json.NextProperty())
        {
            if (json.PropertyIs("format"u8))
            {
                format = json.ReadString(pool);
                if (format != KernelCatalog.Format)
                {
                    throw json.Error($"is a '{format}' document, not a {KernelCatalog.Format} catalog");
                }
            }
            else if (json.PropertyIs("crawledAt"u8))
            {
                crawledAt = json.ReadTime();
            }
            else if (json.PropertyIs("sources"u8))
            {
                json.Expect(JsonTokenType.StartArray);
                while (json.NextElement())
                {
                    sources.Add(ReadSource(json, pool));
                }
            }
            else if (json.PropertyIs("kernels"u8))
            {
                json.Expect(JsonTokenType.StartArray);
                while (json.NextElement())
                {
                    kernels.Add(ReadKernel(json, pool, packages, scratch));
                }
            }
            else
            {
                json.SkipValue();
            }
        }

        if (format is null || crawledAt is null)
        {
            throw json.Error($"lacks 'format' or 'crawledAt': not a {KernelCatalog.Format} catalog");
        }

        return new KernelCatalog(crawledAt.Value, sources, kernels);
    }

    private static void WriteSource(Utf8JsonWriter json, CatalogSource source)
    {
        json.WriteStartObject();
        json.WriteString("family"u8, source.Family);
        json.WriteString("location"u8, source.Location);
        json.WriteString("distro"u8, source.Distro);
        json.WriteString("distroVersion"u8, source.DistroVersion);
        json.WriteNumber("kernels"u8, source.Kernels);
        json.WriteEndObject();
    }

    private static void WriteKernel(Utf8JsonWriter json, CatalogKernel kernel)
    {
        json.WriteStartObject();
        json.WriteString("distro"u8, kernel.Distro);
        json.WriteString("distroVersion"u8, kernel.DistroVersion);
        json.WriteString("arch"u8, kernel.Arch);
        json.WriteString("release"u8, kernel.Release);
        json.WriteString("flavour"u8, kernel.Flavour);
        json.WriteString("series"u8, kernel.Series);
        json.WriteString("abi"u8, kernel.Abi);
        json.WriteString("packageVersion"u8, kernel.PackageVersion);
        json.WriteString("buildString"u8, kernel.BuildString);
        json.WriteString("buildStringSource"u8, kernel.BuildStringSource);
        json.WriteString("compiler"u8, kernel.Compiler);
        json.WriteString("origin"u8, kernel.Origin);
        json.WriteStartArray("headerPackages"u8);
        foreach (var package in kernel.HeaderPackages)
        {
            json.WriteStartObject();
            json.WriteString("name"u8, package.Name);
            json.WriteString("version"u8, package.Version);
            json.WriteString("architecture"u8, package.Architecture);
            json.WriteString("sha256"u8, package.Sha256.ToString());
            json.WriteNumber("size"u8, package.Size);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static CatalogSource ReadSource(JsonTokenStream json, StringPool pool)
    {
        RequireObject(json);
        string? family = null, location = null, distro = null, version = null;
        long kernels = 0;
        while (json.NextProperty())
        {
            if (json.PropertyIs("family"u8)) { family = json.ReadString(pool); }
            else if (json.PropertyIs("location"u8)) { location = json.ReadString(pool); }
            else if (json.PropertyIs("distro"u8)) { distro = json.ReadString(pool); }
            else if (json.PropertyIs("distroVersion"u8)) { version = json.ReadString(pool); }
            else if (json.PropertyIs("kernels"u8)) { kernels = json.ReadInt64(); }
            else { json.SkipValue(); }
        }

        return new CatalogSource(
            family ?? throw Missing(json, "source", "family"), location ?? throw Missing(json, "source", "location"),
            distro ?? throw Missing(json, "source", "distro"), version ?? throw Missing(json, "source", "distroVersion"), (int)kernels);
    }

    private static CatalogKernel ReadKernel(
        JsonTokenStream json, StringPool pool, Dictionary<Sha256Digest, CatalogPackage> knownPackages, List<CatalogPackage> read)
    {
        RequireObject(json);
        string? distro = null, distroVersion = null, arch = null, release = null, flavour = null, series = null, abi = null,
            packageVersion = null, buildString = null, buildStringSource = null, compiler = null, origin = null;
        CatalogPackage[]? packages = null;
        while (json.NextProperty())
        {
            if (json.PropertyIs("distro"u8)) { distro = json.ReadString(pool); }
            else if (json.PropertyIs("distroVersion"u8)) { distroVersion = json.ReadString(pool); }
            else if (json.PropertyIs("arch"u8)) { arch = json.ReadString(pool); }
            else if (json.PropertyIs("release"u8)) { release = json.ReadString(pool); }
            else if (json.PropertyIs("flavour"u8)) { flavour = json.ReadString(pool); }
            else if (json.PropertyIs("series"u8)) { series = json.ReadString(pool); }
            else if (json.PropertyIs("abi"u8)) { abi = json.ReadString(pool); }
            else if (json.PropertyIs("packageVersion"u8)) { packageVersion = json.ReadString(pool); }
            else if (json.PropertyIs("buildString"u8)) { buildString = json.ReadNullableString(pool); }
            else if (json.PropertyIs("buildStringSource"u8)) { buildStringSource = json.ReadNullableString(pool); }
            else if (json.PropertyIs("compiler"u8)) { compiler = json.ReadNullableString(pool); }
            else if (json.PropertyIs("origin"u8)) { origin = json.ReadString(pool); }
            else if (json.PropertyIs("headerPackages"u8))
            {
                json.Expect(JsonTokenType.StartArray);
                read.Clear();
                while (json.NextElement())
                {
                    // Kernels of one ABI share their common headers and kbuild: one instance each.
                    var package = ReadPackage(json, pool);
                    if (knownPackages.TryGetValue(package.Sha256, out var known) && known == package)
                    {
                        package = known;
                    }
                    else
                    {
                        knownPackages[package.Sha256] = package;
                    }

                    read.Add(package);
                }

                packages = [.. read];
            }
            else { json.SkipValue(); }
        }

        return new CatalogKernel
        {
            Distro = distro ?? throw Missing(json, "kernel", "distro"),
            DistroVersion = distroVersion ?? throw Missing(json, "kernel", "distroVersion"),
            Arch = arch ?? throw Missing(json, "kernel", "arch"),
            Release = release ?? throw Missing(json, "kernel", "release"),
            Flavour = flavour ?? throw Missing(json, "kernel", "flavour"),
            Series = series ?? throw Missing(json, "kernel", "series"),
            Abi = abi ?? throw Missing(json, "kernel", "abi"),
            PackageVersion = packageVersion ?? throw Missing(json, "kernel", "packageVersion"),
            BuildString = buildString,
            BuildStringSource = buildStringSource,
            Compiler = compiler,
            Origin = origin ?? throw Missing(json, "kernel", "origin"),
            HeaderPackages = packages ?? throw Missing(json, "kernel", "headerPackages"),
        };
    }

    private static CatalogPackage ReadPackage(JsonTokenStream json, StringPool pool)
    {
        RequireObject(json);
        string? name = null, version = null, architecture = null;
        Sha256Digest? sha256 = null;
        long size = 0;
        while (json.NextProperty())
        {
            if (json.PropertyIs("name"u8)) { name = json.ReadString(pool); }
            else if (json.PropertyIs("version"u8)) { version = json.ReadString(pool); }
            else if (json.PropertyIs("architecture"u8)) { architecture = json.ReadString(pool); }
            else if (json.PropertyIs("sha256"u8)) { sha256 = json.ReadDigest(); }
            else if (json.PropertyIs("size"u8)) { size = json.ReadInt64(); }
            else { json.SkipValue(); }
        }

        return new CatalogPackage(
            name ?? throw Missing(json, "header package", "name"), version ?? throw Missing(json, "header package", "version"),
            architecture ?? throw Missing(json, "header package", "architecture"), sha256 ?? throw Missing(json, "header package", "sha256"), size);
    }

    private static void RequireObject(JsonTokenStream json)
    {
        if (json.TokenType != JsonTokenType.StartObject)
        {
            throw json.Error($"expected an object, found {json.TokenType}");
        }
    }

    private static MatrixDocumentException Missing(JsonTokenStream json, string what, string field) => json.Error($"a {what} lacks its '{field}' field");
}
