using System.Security.Cryptography;
using System.Xml;
using System.Xml.Linq;
using KernelAgent.BuildFarm.Headers.Repositories;

namespace KernelAgent.BuildFarm.Headers.Rpm;

/// <summary>
/// Reads an RPM repository's metadata as dnf does: repodata/repomd.xml names the primary metadata file and
/// its sha256; primary.xml lists every package with name, arch, version, checksum, size and location.
/// </summary>
internal sealed class RpmRepositoryIndex(RepositoryClient repository)
{
    private const string CommonNamespace = "http://linux.duke.edu/metadata/common";

    private static readonly XmlReaderSettings _xmlSettings = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true };

    /// <summary>The packages of the repository whose name is one of <paramref name="names"/>.</summary>
    /// <exception cref="HeaderSourceException">The metadata is missing, damaged or does not match its checksum.</exception>
    public async Task<IReadOnlyList<RpmPackageEntry>> FindAsync(Uri baseUri, IReadOnlySet<string> names, CancellationToken cancellationToken)
    {
        var repomdUri = new Uri(baseUri, "repodata/repomd.xml");
        var repomd = await repository.ReadRawAsync(repomdUri, cancellationToken)
            ?? throw new HeaderSourceException($"RPM repository {baseUri} has no {repomdUri}.");
        var (href, checksumType, checksum) = PrimaryLocation(repomdUri, repomd);
        var primaryUri = new Uri(baseUri, href);
        var primaryRaw = await repository.ReadRawAsync(primaryUri, cancellationToken)
            ?? throw new HeaderSourceException($"RPM repository {baseUri}: {repomdUri} names {primaryUri}, which does not exist.");
        if (checksumType != "sha256" || !string.Equals(Convert.ToHexStringLower(SHA256.HashData(primaryRaw)), checksum, StringComparison.OrdinalIgnoreCase))
        {
            throw new HeaderSourceException($"RPM repository {baseUri}: {primaryUri} does not match the {checksumType} checksum {checksum} in {repomdUri}.");
        }

        return ReadPackages(primaryUri, RepositoryClient.Decompress(primaryUri, primaryRaw), names);
    }

    private static (string Href, string ChecksumType, string Checksum) PrimaryLocation(Uri repomdUri, byte[] repomd)
    {
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(repomd), _xmlSettings);
            var document = XDocument.Load(reader);
            var primary = document.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "data" && (string?)e.Attribute("type") == "primary")
                ?? throw new HeaderSourceException($"{repomdUri} has no <data type=\"primary\">.");
            var checksum = Child(primary, "checksum");
            var href = (string?)Child(primary, "location")?.Attribute("href");
            return href is not null && checksum is not null
                ? (href, (string?)checksum.Attribute("type") ?? "", checksum.Value.Trim())
                : throw new HeaderSourceException($"{repomdUri}: the primary entry lacks its location or checksum.");
        }
        catch (XmlException e)
        {
            throw new HeaderSourceException($"{repomdUri} is not valid repomd XML: {e.Message}", e);
        }
    }

    private static List<RpmPackageEntry> ReadPackages(Uri primaryUri, byte[] primary, IReadOnlySet<string> names)
    {
        var found = new List<RpmPackageEntry>();
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(primary), _xmlSettings);
            while (reader.ReadToFollowing("package", CommonNamespace))
            {
                using var subtree = reader.ReadSubtree();
                var package = XElement.Load(subtree);
                var name = Child(package, "name")?.Value;
                if (name is null || !names.Contains(name))
                {
                    continue;
                }

                found.Add(ToEntry(primaryUri, name, package));
            }
        }
        catch (XmlException e)
        {
            throw new HeaderSourceException($"{primaryUri} is not valid primary metadata XML: {e.Message}", e);
        }

        return found;
    }

    private static RpmPackageEntry ToEntry(Uri primaryUri, string name, XElement package)
    {
        var version = Child(package, "version");
        var checksum = Child(package, "checksum");
        var href = (string?)Child(package, "location")?.Attribute("href");
        if (version is null || checksum is null || href is null)
        {
            throw new HeaderSourceException($"{primaryUri}: package {name} lacks its version, checksum or location.");
        }

        return new RpmPackageEntry(
            name,
            Child(package, "arch")?.Value ?? "",
            (string?)version.Attribute("epoch") ?? "0",
            (string?)version.Attribute("ver") ?? "",
            (string?)version.Attribute("rel") ?? "",
            (string?)checksum.Attribute("type") ?? "",
            checksum.Value.Trim().ToLowerInvariant(),
            long.TryParse((string?)Child(package, "size")?.Attribute("package"), out var size) ? size : 0,
            href);
    }

    private static XElement? Child(XElement parent, string localName) => parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName);
}
