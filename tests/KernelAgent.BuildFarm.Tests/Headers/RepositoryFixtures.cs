using System.IO.Compression;
using System.Security.Cryptography;
using KernelAgent.BuildFarm.Headers.Rpm;

namespace KernelAgent.BuildFarm.Tests.Headers;

/// <summary>
/// Lays the index fixtures out as real repositories under a scratch folder, reachable by file:// address:
/// an Ubuntu archive (one suite's index gzip-compressed, as archives serve them) and RPM repositories whose
/// repomd.xml names the gzip-compressed primary.xml by its sha256, as createrepo writes it.
/// </summary>
internal static class RepositoryFixtures
{
    public static (Uri Archive, Uri Ports) UbuntuArchives(string scratch)
    {
        CopyTree(Path.Join(TestRepository.HeaderFixtures, "ubuntu"), Path.Join(scratch, "ubuntu"));
        CopyTree(Path.Join(TestRepository.HeaderFixtures, "ubuntu-ports"), Path.Join(scratch, "ubuntu-ports"));
        var security = Path.Join(scratch, "ubuntu", "dists", "jammy-security", "main", "binary-amd64", "Packages");
        File.WriteAllBytes(security + ".gz", Gzip(File.ReadAllBytes(security)));
        File.Delete(security);
        return (new Uri(Path.Join(scratch, "ubuntu") + "/"), new Uri(Path.Join(scratch, "ubuntu-ports") + "/"));
    }

    /// <summary>
    /// An RPM repository in <paramref name="folder"/> (the fixture's name by default) under <paramref name="scratch"/>,
    /// the fixture's primary.xml placeholders ("@NAME@") replaced by <paramref name="primaryValues"/>.
    /// </summary>
    public static Uri RpmRepository(string scratch, string fixture, IReadOnlyDictionary<string, string>? primaryValues = null, string? folder = null)
    {
        var repository = Path.Join(scratch, folder ?? fixture);
        var repodata = Path.Join(repository, "repodata");
        Directory.CreateDirectory(repodata);
        var primaryText = File.ReadAllText(Path.Join(TestRepository.HeaderFixtures, fixture, "primary.xml"));
        foreach (var (placeholder, value) in primaryValues ?? new Dictionary<string, string>())
        {
            primaryText = primaryText.Replace(placeholder, value, StringComparison.Ordinal);
        }

        var primary = System.Text.Encoding.UTF8.GetBytes(primaryText);
        var compressed = Gzip(primary);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(compressed));
        File.WriteAllBytes(Path.Join(repodata, $"{sha256}-primary.xml.gz"), compressed);
        var repomd = File.ReadAllText(Path.Join(TestRepository.HeaderFixtures, "repomd.xml.template"))
            .Replace("@PRIMARY_SHA256@", sha256, StringComparison.Ordinal)
            .Replace("@PRIMARY_OPEN_SHA256@", Convert.ToHexStringLower(SHA256.HashData(primary)), StringComparison.Ordinal)
            .Replace("@PRIMARY_SIZE@", compressed.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("@PRIMARY_OPEN_SIZE@", primary.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        File.WriteAllText(Path.Join(repodata, "repomd.xml"), repomd);
        return new Uri(repository + "/");
    }

    /// <summary>The sha256 the fixtures give a package: the hash of a short seed text, so tests can name it.</summary>
    public static string FixtureSha256(string seed) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed)));

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static void CopyTree(string source, string destination)
    {
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Join(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
