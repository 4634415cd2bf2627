using KernelAgent.Store.Layout;

namespace KernelAgent.BuildFarm.Hosting;

/// <summary>
/// The keys the store mirror may serve: the published objects of docs/store-layout.md and nothing else (no
/// demand reports, no temp files, no folders, nothing outside v1/). Anything this refuses is a 404.
/// </summary>
internal static class PublishedStoreKeys
{
    private const string TempPrefix = ".tmp-";
    private const int MaxSegment = 255;

    /// <summary>Whether <paramref name="key"/> names an object of the published layout (by its shape alone).</summary>
    public static bool IsPublished(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 1024)
        {
            return false;
        }

        var segments = key.Split('/');
        if (segments.Any(s => !IsPlainSegment(s)) || segments[0] != StoreLayout.Root)
        {
            return false;
        }

        return (segments.Length > 1 ? segments[1] : "") switch
        {
            "modules" => IsModuleObject(segments),
            "snapshots" => segments.Length == 4
                && (segments[3].EndsWith(".snap", StringComparison.Ordinal) || segments[3].EndsWith(".json.gz", StringComparison.Ordinal)),
            "audit" => segments.Length == 5 && segments[4].EndsWith(".json", StringComparison.Ordinal),
            // Agents read the trust policy through the mirror like any store; its history is published too.
            "trust" => key == StoreLayout.TrustPolicyKey
                || (segments.Length == 4 && segments[2] == "history" && segments[3].StartsWith("policy-", StringComparison.Ordinal)
                    && segments[3].EndsWith(".dsse.json", StringComparison.Ordinal)
                    && Digests.IsSha256Hex(segments[3]["policy-".Length..^".dsse.json".Length])),
            _ => false,
        };
    }

    /// <summary>v1/modules/driver/version/distro/distro_version/arch/release/content_key/ then one of three names.</summary>
    private static bool IsModuleObject(string[] s)
    {
        const int Folder = 9;
        if (s.Length < Folder + 1 || !Digests.IsSha256Hex(s[Folder - 1]))
        {
            return false;
        }

        var name = s[Folder];
        if (s.Length == Folder + 1)
        {
            return name == StoreLayout.AttestationFileName
                || (name.EndsWith(".ko", StringComparison.Ordinal)
                    && name.Length > 68 && name[^68] == '-' && Digests.IsSha256Hex(name[^67..^3]));
        }

        return s.Length == Folder + 2
            && name == StoreLayout.HistoryFolderName
            && s[Folder + 1].StartsWith("attestation-", StringComparison.Ordinal)
            && s[Folder + 1].EndsWith(".dsse.json", StringComparison.Ordinal)
            && Digests.IsSha256Hex(s[Folder + 1]["attestation-".Length..^".dsse.json".Length]);
    }

    private static bool IsPlainSegment(string segment) =>
        segment.Length is > 0 and <= MaxSegment
        && segment != "." && segment != ".."
        && !segment.StartsWith(TempPrefix, StringComparison.Ordinal)
        && segment.All(c => c is > ' ' and <= '~' and not '\\' and not '%');
}
