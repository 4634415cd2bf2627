using System.Text.Json;
using KernelAgent.BuildFarm.Headers.Cache;

namespace KernelAgent.BuildFarm.Headers;

/// <summary>
/// A headers root records the exact package set it was extracted from (written before the root is renamed
/// into place, so a root with a manifest is complete). A caller may therefore keep one root per kernel and
/// pass it again: a root holding exactly the wanted set is reused as is, any other existing folder is refused.
/// </summary>
internal static class ExtractedHeaders
{
    public const string ManifestName = ".kernel-headers.json";

    public static string Manifest(HeaderPackageSet set) => JsonSerializer.Serialize(set, HeaderCacheJsonContext.Default.HeaderPackageSet);

    /// <summary>True when the root exists and was extracted from exactly this set; false when it does not exist.</summary>
    /// <exception cref="HeaderSourceException">The folder exists but holds something else.</exception>
    public static bool IsExtracted(string rootDirectory, HeaderPackageSet set)
    {
        if (!Directory.Exists(rootDirectory) && !File.Exists(rootDirectory))
        {
            return false;
        }

        var manifest = Path.Join(rootDirectory, ManifestName);
        if (File.Exists(manifest) && File.ReadAllText(manifest) == Manifest(set))
        {
            return true;
        }

        throw new HeaderSourceException(
            $"The headers root '{rootDirectory}' already exists but was not extracted from the packages of {set.Target}; pass a fresh folder or that kernel's own.");
    }
}
