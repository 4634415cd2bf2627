namespace KernelAgent.BuildFarm.Matrix.Scheduling;

/// <summary>One archive's answer to a tick's check.</summary>
/// <param name="Family">The crawler that reads the archive: "debian" (the private apt root's sources), "ubuntu" or "rpm".</param>
/// <param name="Url">The file whose content says whether the archive changed (InRelease, Release or repomd.xml).</param>
/// <param name="Fingerprint">sha256 of that file; null when it could not be read (<paramref name="Problem"/> says why).</param>
/// <param name="Problem">Why the file could not be read; null when it was.</param>
internal sealed record ArchiveCheck(string Family, string Url, string? Fingerprint, string? Problem);
